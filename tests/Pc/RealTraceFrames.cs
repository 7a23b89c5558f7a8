using System;
using System.Collections.Generic;
using System.Globalization;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;

namespace DualReader.Tests.Pc;

/// <summary>
/// Frames copied from real ISO/IEC 14443 traces recorded with a Proxmark3 (an Apple Pay Visa
/// transaction, hf_visa_apple_normal.trace and hf_visa_apple_transit_bypass.trace), in the Proxmark "hf 14a list"
/// layout: start time (carrier ticks), duration, source, annotation, "crcOK" when the CRC was checked, bytes.
/// </summary>
internal static class RealTraceFrames
{
    /// <summary>Activation, SELECT PPSE and SELECT Visa AID (hf_visa_apple_normal.trace).</summary>
    public const string SelectTrace = """
 529057159   2368 PICC                                           04 00
 529068995   2464 PCD ANTICOLL                                  93 20
 529072647   5824 PICC                                           08 34 b9 83 06
 529088419  10528 PCD SELECT CL1                               crcOK 93 70 08 34 b9 83 06 6c 68
 529100119   3584 PICC                                          crcOK 20 fc 70
 529113091   4768 PCD RATS FSDI=8 CID=0                        crcOK e0 80 31 73
 529123383   8192 PICC                                          crcOK 05 78 80 70 02 a5 46
 529150867  26592 PCD I-block blk=0                            crcOK 02 00 a4 04 00 0e 32 50 41 59 2e 53 59 53 2e 44 44 46 30 31 00 e0 42
 529329111  56384 PICC I-block blk=0                            crcOK 02 6f 2a 84 0e 32 50 41 59 2e 53 59 53 2e 44 44 46 30 31 a5 18 bf 0c 15 61 13 4f 07 a0 00 00 00 03 10 10 87 01 01 9f 0a 04 00 01 01 01 90 00 1c f1
 529403203  18528 PCD I-block blk=1                            crcOK 03 00 a4 04 00 07 a0 00 00 00 03 10 10 00 bc 41
 529866871      0 PICC I-block blk=1                            crcOK 03 6f 42 84 07 a0 00 00 00 03 10 10 a5 37 9f 38 1b 9f 66 04 9f 02 06 9f 03 06 9f 1a 02 95 05 5f 2a 02 9a 03 9c 01 9f 37 04 9f 4e 14 bf 0c 16 9f 5a 05 31 09 78 08 26 bf 63 04 df 20 01 80 9f 0a 04 00 01 01 01 90 00 78 bc
""";

    /// <summary>GET PROCESSING OPTIONS and its chained response holding track 2 (PAN 4642352851503640), the
    /// cryptogram 9F26, IAD 9F10 and SDAD 9F4B (hf_visa_apple_transit_bypass.trace; S(WTX) frames left out).</summary>
    public const string ChainedGpoTrace = """
 116621155      0 PCD I-block blk=1                            crcOK 03 80 a8 00 00 37 83 35 33 80 40 00 00 00 00 00 01 00 00 00 00 00 00 00 08 26 00 00 00 00 00 08 26 21 10 14 00 0e b0 f6 16 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 57 4d
 119635655      0 PICC I-block blk=1 CHAINING                   crcOK 13 77 81 e6 82 02 20 40 94 04 18 01 03 00 9f 36 02 00 51 9f 26 08 c2 16 24 cb 9c d4 f9 2d 9f 10 20 1f 4a 63 60 a0 00 00 00 00 10 03 02 73 00 00 00 00 40 00 00 00 00 00 00 00 00 00 00 00 f1 f3
 119954359      0 PICC I-block blk=0 CHAINING                   crcOK 12 00 00 00 9f 4b 81 80 60 6d a3 f6 0b c4 3a fd d7 bb be 6d c4 5e 94 d8 91 88 e2 b5 90 b7 a0 19 dd 68 3e d5 f7 a5 05 20 c3 a2 36 d9 2d c1 7d 35 64 3e 81 2d 7a c6 89 f4 5c bd 46 12 53 f8 8f 06
 120238339   3552 PCD R(ACK) blk=1                             crcOK a3 6f c6
 120273207      0 PICC I-block blk=1 CHAINING                   crcOK 13 3a b6 d4 d8 9b de 31 a1 8b dd 30 82 a5 78 c1 b7 70 b6 68 d7 ca 1e bb e3 89 00 2c 7a 29 83 67 3f 1c b1 43 49 c2 69 f7 43 e9 d1 39 0a 16 b4 88 fd 58 b7 23 6d 59 31 3f 22 0c 31 4a 6e f5 49 ec
 120557171   3552 PCD R(ACK) blk=0                             crcOK a2 e6 d7
 120592039  63424 PICC I-block blk=0                            crcOK 02 e0 2b 46 b1 83 09 58 76 b7 cb b5 fd 99 9f 6c 02 00 00 57 13 46 42 35 28 51 50 36 40 d2 31 22 01 00 00 03 53 99 99 5f 9f 6e 04 23 88 00 00 9f 27 01 80 90 00 0c 95
""";

    /// <summary>Parses trace lines into frames. Times: Proxmark carrier ticks (1/13.56 MHz) → µs.</summary>
    public static List<TraceFrame> Parse(string trace)
    {
        var frames = new List<TraceFrame>();
        foreach (string raw in trace.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] tokens = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int first = tokens.Length;
            while (first > 3 && tokens[first - 1].Length == 2 && IsHex(tokens[first - 1]))
            {
                first--;
            }

            var data = new byte[tokens.Length - first];
            for (int index = 0; index < data.Length; index++)
            {
                data[index] = byte.Parse(tokens[first + index], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            long ticks = long.Parse(tokens[0], CultureInfo.InvariantCulture);
            var direction = tokens[2] == "PCD" ? FrameDirection.PcdToPicc : FrameDirection.PiccToPcd;
            frames.Add(new TraceFrame(direction, BitRate.Kbps106, ticks * 100 / 1356, data, data.Length, raw.Contains("crcOK", StringComparison.Ordinal)));
        }

        return frames;
    }

    private static bool IsHex(string token) => Uri.IsHexDigit(token[0]) && Uri.IsHexDigit(token[1]);

    /// <summary>The INF fields of a direction's I-blocks, concatenated: the APDU they carried.</summary>
    public static byte[] Apdu(IEnumerable<TraceFrame> frames, FrameDirection direction)
    {
        var apdu = new List<byte>();
        foreach (TraceFrame frame in frames)
        {
            if (frame.Direction == direction && (frame.Data[0] & 0xE2) == 0x02)
            {
                for (int index = 1; index < frame.Length - 2; index++)
                {
                    apdu.Add(frame.Data[index]);
                }
            }
        }

        return apdu.ToArray();
    }

    /// <summary>An APDU trace record of the given frames, command and response taken from their I-blocks.</summary>
    public static ApduTraceRecord ApduRecord(List<TraceFrame> frames)
    {
        var record = new ApduTraceRecord { TimeMicroseconds = frames[0].TimeMicroseconds };
        byte[] command = Apdu(frames, FrameDirection.PcdToPicc);
        byte[] response = Apdu(frames, FrameDirection.PiccToPcd);
        record.SetCommand(command, command.Length);
        record.SetResponse(response, response.Length);
        foreach (TraceFrame frame in frames)
        {
            record.Frames.Add(frame);
        }

        return record;
    }

    /// <summary>Activation frames (FrameTraceRecord) then one APDU trace record per I-block exchange.</summary>
    public static List<HostLinkMessage> SelectRecords()
    {
        List<TraceFrame> frames = Parse(SelectTrace);
        var activation = new FrameTraceRecord { TimeMicroseconds = frames[0].TimeMicroseconds };
        for (int index = 0; index < 7; index++)
        {
            activation.Frames.Add(frames[index]);
        }

        return new List<HostLinkMessage>
        {
            activation,
            ApduRecord(frames.GetRange(7, 2)),
            ApduRecord(frames.GetRange(9, 2)),
        };
    }
}
