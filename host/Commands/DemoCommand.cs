using System;
using System.CommandLine;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Commands;

/// <summary>`demo`: runs the firmware on simulated hardware with a built-in scenario and shows what it read.</summary>
public static class DemoCommand
{
    private const long DemoDurationMicroseconds = 700_000;
    private const int PollIntervalMicroseconds = 20_000;

    public static Command Create()
    {
        var command = new Command("demo", "Run the firmware on simulated hardware with a built-in scenario and show the transaction log.");
        command.SetAction(_ => Run());
        return command;
    }

    public static int Run()
    {
        // The simulated board: virtual clock, cost model, MFRC522 model on SPI with its RST and IRQ lines, and the
        // real driver and ISO/IEC 14443-3A activation on top.
        var board = new SimulatedNfcBoard();
        foreach (var device in DemoDevices())
        {
            board.Field.Add(VirtualPicc.FromScenario(device));
        }

        board.Driver.Initialize();
        board.Driver.TurnAntennaOn();
        Console.WriteLine($"MFRC522 VersionReg 0x{board.Driver.Version:X2} ({board.Driver.Variant}{(board.Driver.IsClone ? ", clone" : string.Empty)})");
        Console.WriteLine($"{board.Field.Piccs.Count} PICCs presented one after another; polling every {PollIntervalMicroseconds / 1000} ms with REQA, anticollision, SELECT, HLTA");
        Console.WriteLine();
        Console.WriteLine($"{"t (µs)",10}  {"UID",-30} {"ATQA",-6} {"SAK",-4} {"SPI calls",9} {"air µs",7}  kind");

        var activation = new TypeAActivation(board.Driver);
        var identity = new PiccIdentity();
        int read = 0;

        // The reader's poll loop: REQA every PollIntervalMicroseconds; a PICC read is halted, so it is read once
        // per presentation (REQA does not wake a HALTed PICC, ISO/IEC 14443-3 6.3).
        while (board.Clock.Now < DemoDurationMicroseconds)
        {
            var before = board.Ledger.Snapshot();
            long start = board.Clock.Now;
            var status = activation.Activate(false, identity);
            if (status == ActivationStatus.Ok)
            {
                long spi = board.Ledger.SpiTransfers - before.SpiTransfers;
                long air = board.Ledger.AirMicroseconds - before.AirMicroseconds;
                string kind = identity.SupportsIsoDep ? "ISO-DEP (14443-4)" : "plain type A";
                Console.WriteLine($"{start,10}  {Spaced(identity.UidHex()),-30} {Spaced(identity.AtqaHex()),-6} {identity.Sak,-4:X2} {spi,9} {air,7}  {kind}");
                read++;
                activation.Halt();
                continue;
            }

            if (status != ActivationStatus.NoCard)
            {
                Console.WriteLine($"{start,10}  activation: {status}");
            }

            board.Clock.Delay(PollIntervalMicroseconds);
        }

        Console.WriteLine();
        Console.WriteLine($"{read} PICCs read in {board.Clock.Now} µs of simulated time; SPI: {board.Ledger.SpiTransfers} calls, {board.Ledger.SpiBytes} bytes; air: {board.Ledger.AirMicroseconds} µs");
        return read == board.Field.Piccs.Count ? 0 : 1;
    }

    private static ScenarioDevice[] DemoDevices()
    {
        return new[]
        {
            // An iPhone with Apple Pay (reference/iso14443-real-traces.txt, hf_visa_apple_normal).
            Nfc("0834B983", "0400", 0x20, 50, 200),
            // A card with a 7-byte UID (hf_14a_reader_7b_rats).
            Nfc("048D2432273B80", "4403", 0x20, 250, 400),
            // A card with a 10-byte (triple size) UID.
            Nfc("80112233445566778899", "8400", 0x08, 450, 600),
        };
    }

    private static ScenarioDevice Nfc(string uid, string atqa, byte sak, int arriveMilliseconds, int leaveMilliseconds)
    {
        return new ScenarioDevice
        {
            Interface = DeviceInterface.Nfc,
            Uid = Convert.FromHexString(uid),
            Atqa = Convert.FromHexString(atqa),
            Sak = sak,
            ArriveMicroseconds = arriveMilliseconds * 1000L,
            LeaveMicroseconds = leaveMilliseconds * 1000L,
        };
    }

    private static string Spaced(string hex)
    {
        var text = string.Empty;
        for (int i = 0; i < hex.Length; i += 2)
        {
            text += (i > 0 ? " " : string.Empty) + hex.Substring(i, 2);
        }

        return text;
    }
}
