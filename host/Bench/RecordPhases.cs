using System;
using System.Collections.Generic;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.Bench;

/// <summary>One APDU exchange of a transaction, cut out of the timeline at the reader's own clock reads.</summary>
public sealed record ApduWindow(string Name, byte[] Command, HalSample Start, HalSample End)
{
    /// <summary>Bytes the firmware allocated between the two clock reads that bound the exchange (the reader's
    /// ApduRecorder takes them around the channel: ISO-DEP transport, frame capture and MFRC522 driver, or the RF-SIM
    /// link and nRF24 driver).</summary>
    public long FirmwareBytes => End.FirmwareBytes - Start.FirmwareBytes;
}

/// <summary>
/// Turns a transaction record, as the host decodes it from the UART, into the bench's phases. The record's timings[]
/// are the reader's own measurements (firmware/Reader: activation from the poll start, RATS/PPS, then every APDU
/// exchange as the ApduRecorder times it); they start at the record's time and follow each other. Each boundary must
/// be an instant at which the reader read its clock (checked against the <see cref="HalTimeline"/>); the ledger there
/// gives the phase's SPI, air, card and UART figures. What the timings do not cover is shown as phases of its own:
/// the other radio's poll in the same cycle (found from its hal calls), the end of the session (from the last APDU to
/// the moment the reader queued the record: record time + duration), and the record on the UART (from the write to
/// its last byte on the wire).
/// </summary>
public static class RecordPhases
{
    public static List<PhaseFigures> Build(HalTimeline timeline, ReaderFrame frame, IReadOnlyList<byte[]> commands, List<ApduWindow> apdus)
    {
        var record = (TransactionRecord)frame.Message;
        bool nfc = record.Interface == ReaderInterface.Nfc;
        HalSource own = nfc ? HalSource.Mfrc522 : HalSource.Nrf24;
        HalSource other = nfc ? HalSource.Nrf24 : HalSource.Mfrc522;
        long queued = record.TimeMicroseconds + record.DurationMicroseconds;
        var phases = new List<PhaseFigures>();
        long cursor = record.TimeMicroseconds;
        int timing = 0;
        int apdu = 0;
        PhaseTiming Timing(int index) => (PhaseTiming)record.Timings[index]!;

        if (record.Timings.Count == 0 || Timing(0).Phase != TimingPhase.Activation)
        {
            throw new InvalidOperationException("the transaction record has no activation timing");
        }

        cursor = Timed(timeline, phases, nfc ? "activation (WUPA, anticollision, SELECT)" : "discovery (BEACON, slot polls, ATTACH)", nfc ? PhaseFigures.Activation : PhaseFigures.Discovery, cursor, Timing(timing++).DurationMicroseconds);
        if (timing < record.Timings.Count && Timing(timing).Phase == TimingPhase.RatsPps)
        {
            cursor = Timed(timeline, phases, "RATS/PPS", PhaseFigures.RatsPps, cursor, Timing(timing++).DurationMicroseconds);
        }

        // The reader polls both radios in one cycle (RF-SIM first): an attached peer waits out the NFC poll.
        HalSample? otherEnd = timeline.LastExitOf(other, cursor, queued);
        if (otherEnd != null)
        {
            if (timeline.AnyCallOf(own, cursor, otherEnd.Value.Microseconds))
            {
                throw new InvalidOperationException("the other radio's poll is interleaved with the transaction: its phase cannot be placed");
            }

            string name = nfc ? "RF-SIM beacon window in the same cycle" : "NFC poll in the same cycle (the peer waits)";
            phases.Add(HalTimeline.Between(name, PhaseFigures.OtherRadio, timeline.FirstAt(cursor), timeline.FirstAt(otherEnd.Value.Microseconds), otherEnd.Value.Microseconds));
            cursor = otherEnd.Value.Microseconds;
        }

        for (; timing < record.Timings.Count; timing++, apdu++)
        {
            PhaseTiming exchange = Timing(timing);
            if (exchange.Phase != TimingPhase.Apdu && exchange.Phase != TimingPhase.Record)
            {
                throw new InvalidOperationException($"unexpected timing phase {exchange.Phase} after the APDUs began");
            }

            byte[] command = apdu < commands.Count ? commands[apdu] : Array.Empty<byte>();
            string name = $"APDU {apdu} {ApduNames.Describe(command, 0, command.Length)}";
            long start = cursor;
            cursor = Timed(timeline, phases, name, PhaseFigures.Apdu, cursor, exchange.DurationMicroseconds);
            apdus.Add(new ApduWindow(name, command, timeline.LastClockReadAt(start), timeline.FirstClockReadAt(cursor)));
        }

        if (queued < cursor || !timeline.ClockReadAt(queued))
        {
            throw new InvalidOperationException($"the record's duration ({record.DurationMicroseconds} µs) does not end at a clock read after its last APDU");
        }

        // A storage card (MIFARE Classic, Type 2 tag) has no APDUs: its whole read is this phase.
        string end = record.CardType != null ? record.CardType + (record.CardType.StartsWith("mifare_classic", StringComparison.Ordinal) ? " read (authenticate, READ, value check)" : " read") + ", field off" : nfc ? "end of session (DESELECT, field off)" : "end of session (END, radio off)";
        phases.Add(HalTimeline.Between(end, PhaseFigures.SessionEnd, timeline.FirstAt(cursor), timeline.FirstAt(queued), queued));
        if (frame.WrittenMicroseconds > queued)
        {
            phases.Add(HalTimeline.Between("record queued, not yet written", PhaseFigures.SessionEnd, timeline.FirstAt(queued), timeline.FirstAt(frame.WrittenMicroseconds), frame.WrittenMicroseconds));
        }

        // The record: handed to the UART at the write (it returns at once: the bytes queue in the transmitter), last
        // byte on the wire at 10 bits a byte. Its ledger figures are those of the write instant.
        PhaseFigures wire = HalTimeline.Between("record to host", PhaseFigures.Record, timeline.FirstAt(frame.WrittenMicroseconds), timeline.LastAt(frame.WrittenMicroseconds), frame.LastByteMicroseconds);
        if (wire.SpiTransfers != 0 || wire.AirMicroseconds != 0 || wire.CardProcessingMicroseconds != 0)
        {
            throw new InvalidOperationException("something other than the UART cost at the instant the record was written");
        }

        phases.Add(wire);
        return phases;
    }

    private static long Timed(HalTimeline timeline, List<PhaseFigures> phases, string name, string kind, long start, uint duration)
    {
        long end = start + duration;
        if (!timeline.ClockReadAt(start) || !timeline.ClockReadAt(end))
        {
            throw new InvalidOperationException($"'{name}': the record's timing ({start} µs + {duration} µs) does not start and end at reads of the reader's clock");
        }

        phases.Add(HalTimeline.Between(name, kind, timeline.FirstAt(start), timeline.FirstAt(end), end));
        return end;
    }
}

/// <summary>Short names of command APDUs for the bench's phases.</summary>
public static class ApduNames
{
    /// <summary>A short name of a command APDU (ISO/IEC 7816-4 and EMV Book 3 instructions).</summary>
    public static string Describe(byte[] command, int offset, int count)
    {
        if (count < 4)
        {
            return "short APDU";
        }

        byte instruction = command[offset + 1];
        byte p1 = command[offset + 2];
        byte p2 = command[offset + 3];
        switch (instruction)
        {
            case 0xA4:
                // 2PAY.SYS.DDF01 starts with '2' (0x32) and is 14 bytes long.
                bool ppse = count > 6 && command[offset + 4] == 0x0E && command[offset + 5] == 0x32;
                return ppse ? "SELECT PPSE" : "SELECT AID";
            case 0xA8:
                return "GET PROCESSING OPTIONS";
            case 0xB2:
                return $"READ RECORD {p1} SFI {p2 >> 3}";
            case 0xCA:
                return $"GET DATA {p1:X2}{p2:X2}";
            case 0xC0:
                return "GET RESPONSE";
            default:
                return $"INS {instruction:X2}";
        }
    }
}
