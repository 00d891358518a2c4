namespace System.Runtime.CompilerServices;

/// <summary>netstandard2.1 only: lets the throw helpers in <c>ThrowHelpers.cs</c> name the argument, as on .NET 8.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
internal sealed class CallerArgumentExpressionAttribute : Attribute
{
    public CallerArgumentExpressionAttribute(string parameterName) => ParameterName = parameterName;

    public string ParameterName { get; }
}
