using System;
using System.Collections.Generic;
using System.IO;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.HostLink;

/// <summary>
/// Writes trace frames as a pcapng file with link type LINKTYPE_ISO_14443 (264). Each packet is the ISO 14443
/// pseudo-header (version 0, event, 16-bit big-endian length; Martin Kaiser, "PCAP format for ISO14443",
/// the format of Wireshark's iso14443 dissector) followed by the frame as on the air, CRC_A included.
/// Timestamps are the reader's t_us (microseconds since the reader started; pcapng default resolution 10^-6).
/// </summary>
public static class PcapngWriter
{
    public const ushort LinkTypeIso14443 = 264;

    /// <summary>Pseudo-header event: data from the card to the reader.</summary>
    public const byte EventPiccToPcd = 0xFF;

    /// <summary>Pseudo-header event: data from the reader to the card.</summary>
    public const byte EventPcdToPicc = 0xFE;

    /// <summary>
    /// The frames of every trace record, in record order. A frame whose direction this version does not define has no
    /// pseudo-header event, so it is left out (counted in <paramref name="leftOut"/>) rather than given a direction.
    /// </summary>
    public static List<TraceFrame> FramesOf(IEnumerable<HostLinkMessage> records) => FramesOf(records, out _);

    public static List<TraceFrame> FramesOf(IEnumerable<HostLinkMessage> records, out int leftOut)
    {
        leftOut = 0;
        var frames = new List<TraceFrame>();
        foreach (HostLinkMessage record in records)
        {
            System.Collections.ArrayList? list = record switch
            {
                ApduTraceRecord apdu => apdu.Frames,
                FrameTraceRecord frame => frame.Frames,
                _ => null,
            };
            if (list != null)
            {
                foreach (TraceFrame frame in list)
                {
                    if (frame.Direction == FrameDirection.PcdToPicc || frame.Direction == FrameDirection.PiccToPcd)
                    {
                        frames.Add(frame);
                    }
                    else
                    {
                        leftOut++;
                    }
                }
            }
        }

        return frames;
    }

    public static void Write(Stream output, IEnumerable<TraceFrame> frames)
    {
        using var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);

        // Section Header Block (pcapng spec, 4.1): type, length, byte-order magic, version 1.0, section length unknown.
        writer.Write(0x0A0D0D0Au);
        writer.Write(28u);
        writer.Write(0x1A2B3C4Du);
        writer.Write((ushort)1);
        writer.Write((ushort)0);
        writer.Write(-1L);
        writer.Write(28u);

        // Interface Description Block (4.2): link type 264, no snap length limit, default resolution (µs).
        writer.Write(0x00000001u);
        writer.Write(20u);
        writer.Write(LinkTypeIso14443);
        writer.Write((ushort)0);
        writer.Write(0u);
        writer.Write(20u);

        foreach (TraceFrame frame in frames)
        {
            int packetLength = 4 + frame.Length;
            int padded = (packetLength + 3) & ~3;
            uint blockLength = (uint)(28 + padded + 4);
            ulong timestamp = (ulong)Math.Max(0, frame.TimeMicroseconds);

            // Enhanced Packet Block (4.3).
            writer.Write(0x00000006u);
            writer.Write(blockLength);
            writer.Write(0u);
            writer.Write((uint)(timestamp >> 32));
            writer.Write((uint)timestamp);
            writer.Write((uint)packetLength);
            writer.Write((uint)packetLength);
            writer.Write((byte)0);
            writer.Write(frame.Direction == FrameDirection.PcdToPicc ? EventPcdToPicc : EventPiccToPcd);
            writer.Write((byte)(frame.Length >> 8));
            writer.Write((byte)frame.Length);
            writer.Write(frame.Data, 0, frame.Length);
            for (int pad = packetLength; pad < padded; pad++)
            {
                writer.Write((byte)0);
            }

            writer.Write(blockLength);
        }
    }
}
