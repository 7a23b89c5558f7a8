using System;
using System.IO;

namespace DualReader.Host.Commands;

/// <summary>One-line errors on stderr and exit codes, never a stack trace.</summary>
internal static class CommandErrors
{
    public const int Failure = 1;

    public static int Report(string command, string message, TextWriter? error = null)
    {
        (error ?? Console.Error).WriteLine($"{command}: {message}");
        return Failure;
    }

    /// <summary>Runs a command body, turning expected failures into one line on stderr.</summary>
    public static int Guard(string command, Func<int> body, TextWriter? error = null)
    {
        try
        {
            return body();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException
                                              or FormatException or PlatformNotSupportedException or InvalidDataException)
        {
            return Report(command, exception.Message, error);
        }
    }
}
