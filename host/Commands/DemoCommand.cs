using System;
using System.CommandLine;

namespace DualReader.Host.Commands;

/// <summary>`demo`: runs the firmware on simulated hardware with a built-in scenario and shows what it read.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the firmware on simulated hardware with a built-in scenario and show the transaction log.");
        command.SetAction(_ => Run());
        return command;
    }

    public static int Run()
    {
        Console.Error.WriteLine("demo: the simulated board is not assembled yet.");
        return 1;
    }
}
