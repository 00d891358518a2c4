using System;
using System.Text;

namespace NetGen.Generator.Emit;

/// <summary>A small indented text writer for generated code; <see cref="Block"/> opens a brace block.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace; disposing closes the block.</summary>
    public BlockScope Block(string? header = null, string closing = "}")
    {
        if (header is not null)
        {
            Line(header);
        }
        Line("{");
        _depth++;
        return new BlockScope(this, closing);
    }

    /// <summary>
    /// Writes <paramref name="body"/> inside <c>namespace <paramref name="name"/> { }</c>, or at the top level for the global
    /// namespace. Block namespaces, not file-scoped ones, so that the output compiles at C# 9 (Unity).
    /// </summary>
    public void InNamespace(string? name, Action body)
    {
        if (name is null)
        {
            body();
            return;
        }
        using (Block("namespace " + name))
        {
            body();
        }
    }

    public override string ToString() => _text.ToString();

    internal readonly struct BlockScope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _closing;

        public BlockScope(IndentedWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line(_closing);
        }
    }
}
