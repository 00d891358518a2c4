using System;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Every float the generator writes goes through <see cref="Literals.Float"/>; values that are not finite floats
/// (NaN, infinities, and doubles such as 1e39 beyond float's range) are refused at the attribute first, and values
/// that a float rounds to something invalid (an epsilon of 1e-50 becomes 0, a dropout of 0.9999999999 becomes 1) too.
/// </summary>
public class FloatValueTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    [InlineData(1e-5)]
    [InlineData(0.99999994)]
    [InlineData(-0.0)]
    [InlineData(1e-45)] // the smallest denormal float
    [InlineData(3e-40)] // a denormal
    [InlineData(1e-46)] // rounds to 0
    [InlineData(1.17549435e-38)] // the smallest normal float
    [InlineData(3.4028234663852886e38)] // float.MaxValue
    [InlineData(-3.4028234663852886e38)]
    [InlineData(16777217.0)] // not a float: rounds to 16777216
    [InlineData(123456789.0)]
    [InlineData(1e10)]
    public void FloatLiteral_IsCSharp_AndParsesBackToTheSameFloat(double value)
    {
        string text = Literals.Float(value);

        // Roslyn, not the generator, reads the literal back; a negative value is the minus operator on a literal.
        ExpressionSyntax expression = SyntaxFactory.ParseExpression(text);
        Assert.Empty(expression.GetDiagnostics());
        bool negated = expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression };
        var literal = Assert.IsType<LiteralExpressionSyntax>(negated ? ((PrefixUnaryExpressionSyntax)expression).Operand : expression);
        float parsed = Assert.IsType<float>(literal.Token.Value) * (negated ? -1 : 1);
        Assert.Equal(BitConverter.SingleToInt32Bits((float)value), BitConverter.SingleToInt32Bits(parsed));
    }

    [Fact]
    public void FloatLiteral_IgnoresTheCurrentCulture()
    {
        CultureInfo before = Thread.CurrentThread.CurrentCulture;
        try
        {
            foreach (string culture in new[] { "de-DE", "fr-FR", "ar-SA", "fa-IR", "sv-SE" })
            {
                Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                Assert.Equal("-0.25f", Literals.Float(-0.25));
                Assert.Equal("1E-05f", Literals.Float(1e-5));
                string code = GeneratedCode.AssertCompilesWarningFree(Located.Header + """
                    [Network] [Input(4)] [Dense(3, Activation = Activation.LeakyReLU, LeakySlope = 0.125)] [Dropout(0.5)] [Dense(1)]
                    public partial class Net { }
                    """);
                Assert.Contains("LeakyReluActivation(0.125f)", code, StringComparison.Ordinal);
            }
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("1e39")]
    [InlineData("-1e39")]
    [InlineData("3.5e38")]
    [InlineData("double.NaN")]
    [InlineData("double.PositiveInfinity")]
    [InlineData("double.NegativeInfinity")]
    [InlineData("double.MaxValue")]
    public void InitValueThatIsNotAFiniteFloat_IsNG0013AtTheLayer(string value) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [[|Dense(3, WeightInit = InitScheme.Constant, InitValue = {{value}})|]]
        public partial class Net { }
        """, "InitValue");

    [Fact]
    public void InitValueThatIsNotAFiniteFloat_OnAConv_IsNG0013() => Located.Expect("NG0013", """
        [Network] [Input(1, 4, 4)] [[|Conv2D(2, WeightInit = InitScheme.Constant, InitValue = 1e39)|]] [Flatten] [Dense(1)]
        public partial class Net { }
        """, "InitValue = 1E+39");

    [Theory]
    [InlineData("1e-45", "1E-45f")]
    [InlineData("-1e-46", "-0.0f")]
    [InlineData("3.4028234663852886e38", "3.4028235E+38f")]
    [InlineData("0.1", "0.1f")]
    public void InitValueAtTheEdgesOfFloat_IsEmittedExactly(string value, string literal)
    {
        string code = GeneratedCode.AssertCompilesWarningFree(Located.Header + $$"""
            [Network] [Input(4)] [Dense(3, WeightInit = InitScheme.Constant, InitValue = {{value}})]
            public partial class Net { }
            """);
        Assert.Contains(".Fill(" + literal + ")", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dropout(double.NaN)", "probability")]
    [InlineData("Dropout(1)", "probability")]
    [InlineData("Dropout(0.9999999999)", "probability")] // 1 as a float: 1 / (1 - p) would be infinite
    [InlineData("Dropout(-1e-300)", "probability")]
    [InlineData("BatchNorm(Epsilon = 1e-50)", "Epsilon")] // 0 as a float
    [InlineData("BatchNorm(Epsilon = double.NaN)", "Epsilon")]
    [InlineData("BatchNorm(Epsilon = 0)", "Epsilon")]
    [InlineData("BatchNorm(Momentum = double.NaN)", "Momentum")]
    [InlineData("BatchNorm(Momentum = -1e-300)", "Momentum")]
    [InlineData("BatchNorm(Activation = Activation.LeakyReLU, LeakySlope = 1e-50)", "LeakySlope")] // 0 as a float
    [InlineData("BatchNorm(Activation = Activation.LeakyReLU, LeakySlope = double.NaN)", "LeakySlope")]
    [InlineData("Dense(3, Activation = Activation.LeakyReLU, LeakySlope = 1e39)", "LeakySlope")]
    [InlineData("Dense(3, Activation = Activation.LeakyReLU, LeakySlope = double.PositiveInfinity)", "LeakySlope")]
    public void FloatArgumentsThatAreNotValidAsFloats_AreNG0013AtTheLayer(string layer, string argument) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [Dense(3)] [[|{{layer}}|]] [Dense(1)]
        public partial class Net { }
        """, argument);

    [Fact]
    public void NegativeLeakySlopeOnAJoin_IsNG0013AtTheJoin() => Located.Expect("NG0013", """
        [Network] [Input(4)] [Dense(3)] [Dense(3, From = "input")] [[|Add("fc1", "fc2", Activation = Activation.LeakyReLU, LeakySlope = -0.01)|]] [Dense(1)]
        public partial class Net { }
        """, "LeakySlope = -0.01");

    [Fact]
    public void SmallestValidFloats_AreAccepted_AndCompile()
    {
        string code = GeneratedCode.AssertCompilesWarningFree(Located.Header + """
            [Network] [Input(4)] [Dense(3, Activation = Activation.LeakyReLU, LeakySlope = 1e-45)]
            [BatchNorm(Epsilon = 1e-45, Momentum = 1)] [Dropout(0.99999994)] [Dense(1)]
            public partial class Net { }
            """);
        Assert.Contains("LeakyReluActivation(1E-45f)", code, StringComparison.Ordinal);
        Assert.Contains("0.99999994f", code, StringComparison.Ordinal);
    }
}
