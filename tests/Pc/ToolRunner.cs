using System;
using System.IO;

namespace DualReader.Tests.Pc;

/// <summary>Runs the PC tool's entry point in-process with the console captured (PC-only tests).</summary>
internal static class ToolRunner
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        TextWriter originalOut = Console.Out;
        TextWriter originalError = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = DualReader.Host.Program.Main(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
