using System.CommandLine;
using DualReader.Host.Commands;

namespace DualReader.Host;

/// <summary>The `dualreader` command line: see README.md and ARCHITECTURE.md for the commands.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("DualReader PC tool: run the firmware on simulated hardware, decode and export the reader's UART log.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(DecodeCommand.Create());
        root.Subcommands.Add(MonitorCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(PcscCommand.Create());
        return root.Parse(args).Invoke();
    }
}
