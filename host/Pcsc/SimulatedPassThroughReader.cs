using System;
using System.IO;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Pcsc;

/// <summary>
/// The firmware on the simulated board with the scenario's first device in the field for as long as the bridge runs
/// (its arrive/leave times are ignored: the bridge decides when the card is presented). The virtual clock runs only
/// while a command is being answered, as far as the reader, the UART and the card need; between commands it stands,
/// so no idle limit of the reader expires while a PC/SC client thinks.
/// </summary>
public sealed class SimulatedPassThroughReader : IPassThroughReader
{
    /// <summary>Virtual time a command may take before it counts as unanswered (the reader's 5 s exchange limit, twice).</summary>
    public const long AnswerLimitMicroseconds = 10_000_000;

    private readonly SimulatedReaderBoard board;
    private readonly TextWriter log;
    private int read;

    public SimulatedPassThroughReader(Scenario scenario, string description, TextWriter log)
    {
        if (scenario.Devices.Count == 0)
        {
            throw new ArgumentException("the scenario has no device to put in the reader's field");
        }

        var device = (ScenarioDevice)scenario.Devices[0]!;
        device.ArriveMicroseconds = 0;
        device.LeaveMicroseconds = long.MaxValue;
        var single = new Scenario { DurationMicroseconds = long.MaxValue };
        single.AddDevice(device);
        board = new SimulatedReaderBoard(single);
        board.Start();
        this.log = log;
        Description = description;
    }

    public string Description { get; }

    /// <summary>The simulated board (tests look at its clock and records).</summary>
    public SimulatedReaderBoard Board => board;

    /// <summary>Changes the simulated reader's configuration as `send config` would on a real one.</summary>
    public ConfigurationResultRecord? Configure(params string[] entries)
    {
        var message = new ConfigurationMessage();
        foreach (string entry in entries)
        {
            message.Entries.Add(entry);
        }

        return Exchange(message) as ConfigurationResultRecord;
    }

    public PassThroughResponseRecord? Session(PassThroughSessionAction action) =>
        Exchange(new PassThroughSessionMessage { Action = action }) as PassThroughResponseRecord;

    public PassThroughResponseRecord? Transmit(byte[] apdu) =>
        Exchange(new PassThroughCommandMessage { Apdu = apdu }) as PassThroughResponseRecord;

    public StatusRecord? Status() => Exchange(new StatusRequestMessage()) as StatusRecord;

    private HostLinkMessage? Exchange(HostLinkMessage message)
    {
        uint sequence = board.Host.Send(message);
        long limit = board.Clock.Now + AnswerLimitMicroseconds;
        while (board.Clock.Now < limit)
        {
            board.Reader.RunCycle();
            board.Host.Service();
            while (read < board.Host.Records.Count)
            {
                var record = (HostLinkMessage)board.Host.Records[read++]!;
                if (SerialPassThroughReader.IsAnswer(message, record, sequence)
                    || (message is ConfigurationMessage && record is ConfigurationResultRecord result && result.HostSequence == sequence))
                {
                    return record;
                }

                if (record is ErrorRecord { Code: "record_refused" } && message is PassThroughCommandMessage)
                {
                    return new PassThroughResponseRecord { HostSequence = sequence, Outcome = "record_refused" };
                }

                if (record is TransactionRecord or ErrorRecord)
                {
                    log.WriteLine("pcsc: reader: " + RecordFormatter.ToText(record));
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
    }
}
