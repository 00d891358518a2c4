using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Numerics;
using System.Security.Cryptography;

namespace System;

/// <summary>
/// netstandard2.1 only: the .NET 5 to 8 members of framework types that the runtime calls, written here as C# 14
/// extension members so that the runtime's sources compile unchanged for both targets.
/// </summary>
internal static class BclExtensions
{
    extension(Array)
    {
        /// <summary>The largest length of an array, as <c>Array.MaxLength</c> on .NET 6+.</summary>
        public static int MaxLength => 0x7FFFFFC7;

        /// <summary>Clears the whole array.</summary>
        public static void Clear(Array array) => Array.Clear(array, 0, array.Length);
    }

    extension(Convert)
    {
        /// <summary>Upper-case hexadecimal digits of the bytes.</summary>
        public static string ToHexString(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty);
    }

    extension(RandomNumberGenerator)
    {
        /// <summary>Cryptographically strong random bytes.</summary>
        public static byte[] GetBytes(int count)
        {
            var bytes = new byte[count];
            RandomNumberGenerator.Fill(bytes);
            return bytes;
        }
    }

    extension(File)
    {
        /// <summary>
        /// Moves a file, replacing the destination when <paramref name="overwrite"/> is set (with <see cref="File.Replace(string, string, string?)"/>,
        /// a rename where the platform has one).
        /// </summary>
        public static void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (overwrite && File.Exists(destFileName))
            {
                File.Replace(sourceFileName, destFileName, null);
            }
            else
            {
                File.Move(sourceFileName, destFileName);
            }
        }
    }

    extension(Stream stream)
    {
        /// <summary>Reads exactly <c>buffer.Length</c> bytes, or throws <see cref="EndOfStreamException"/>.</summary>
        public void ReadExactly(Span<byte> buffer)
        {
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: true);
            Debug.Assert(read == buffer.Length, "ReadAtLeast threw otherwise");
        }

        /// <summary>Reads until at least <paramref name="minimumBytes"/> bytes are read or the stream ends.</summary>
        public int ReadAtLeast(Span<byte> buffer, int minimumBytes, bool throwOnEndOfStream = true)
        {
            int total = 0;
            while (total < minimumBytes)
            {
                int read = stream.Read(buffer.Slice(total));
                if (read == 0)
                {
                    if (throwOnEndOfStream)
                    {
                        throw new EndOfStreamException($"The stream ended after {total} of {minimumBytes} bytes.");
                    }
                    break;
                }
                total += read;
            }
            return total;
        }
    }

    extension(BinaryPrimitives)
    {
        /// <summary>Reverses the byte order of each element; the spans may be the same.</summary>
        public static void ReverseEndianness(ReadOnlySpan<int> source, Span<int> destination)
        {
            if (destination.Length < source.Length)
            {
                throw new ArgumentException("Destination is too short.", nameof(destination));
            }
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = BinaryPrimitives.ReverseEndianness(source[i]);
            }
        }
    }

    extension(MathF)
    {
        /// <summary>The sine and the cosine of <paramref name="x"/>.</summary>
        public static (float Sin, float Cos) SinCos(float x) => (MathF.Sin(x), MathF.Cos(x));
    }

    extension(Stopwatch)
    {
        /// <summary>The time since <paramref name="startingTimestamp"/>, a value of <see cref="Stopwatch.GetTimestamp"/>.</summary>
        public static TimeSpan GetElapsedTime(long startingTimestamp) =>
            TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }

    extension(Vector)
    {
        /// <summary>The sum of the lanes.</summary>
        public static T Sum<T>(Vector<T> value)
            where T : struct => Vector.Dot(value, Vector<T>.One);
    }

    extension(string)
    {
        /// <summary>The interpolated string formatted with <paramref name="provider"/> (allocates the format arguments).</summary>
        public static string Create(IFormatProvider? provider, FormattableString text) => text.ToString(provider);

        /// <summary>The two spans joined into a new string.</summary>
        public static string Concat(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
        {
            var chars = new char[first.Length + second.Length];
            first.CopyTo(chars);
            second.CopyTo(chars.AsSpan(first.Length));
            return new string(chars);
        }
    }

    /// <summary>How many elements equal <paramref name="value"/>.</summary>
    public static int Count<T>(this ReadOnlySpan<T> span, T value)
        where T : IEquatable<T>
    {
        int count = 0;
        foreach (T item in span)
        {
            if (item.Equals(value))
            {
                count++;
            }
        }
        return count;
    }
}
