namespace System.Runtime.CompilerServices;

/// <summary>netstandard2.1 only: the marker type the compiler needs for <c>init</c> accessors and records.</summary>
internal static class IsExternalInit
{
}
