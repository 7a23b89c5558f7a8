using System;
using DualReader.Firmware.HostLink;
using DualReader.Host.Serial;

namespace DualReader.Host.HostLink;

/// <summary>
/// The host end of a live link: decodes what the reader sends, drops resent duplicates, acknowledges
/// cumulatively (the highest sequence number up to which everything is held), and sends host commands.
/// </summary>
public sealed class HostLinkSession
{
    private readonly ISerialLink link;
    private readonly FrameDecoder decoder = new();
    private readonly FrameEncoder encoder = new();
    private readonly byte[] readBuffer = new byte[4096];
    private readonly byte[] writeBuffer = new byte[HostLinkProtocol.MaximumWireLength];
    private uint nextHostSequence;
    private uint? lastAcknowledged;
    private bool acknowledgeDue;

    public HostLinkSession(ISerialLink link, uint firstHostSequence = 1)
    {
        this.link = link;
        nextHostSequence = firstHostSequence;
    }

    public SequenceTracker Tracker { get; } = new();

    /// <summary>A new reader record (not a resend).</summary>
    public event Action<HostLinkMessage>? RecordReceived;

    /// <summary>A frame the decoder could not use (name as in <see cref="CaptureDecoder.ErrorName"/>).</summary>
    public event Action<string>? DecodeErrorOccurred;

    /// <summary>Sends a host command; returns the host sequence number it travelled with.</summary>
    public uint Send(HostLinkMessage message)
    {
        uint sequence = nextHostSequence++;
        EncodeStatus status = encoder.Encode(message, sequence, writeBuffer, 0, writeBuffer.Length, out int length);
        if (status != EncodeStatus.Ok)
        {
            throw new ArgumentException($"cannot encode the command: {status}");
        }

        link.Write(writeBuffer, 0, length);
        return sequence;
    }

    /// <summary>Reads what arrives within <paramref name="timeoutMilliseconds"/>, raises the events and acknowledges.</summary>
    /// <returns>Bytes read.</returns>
    public int Poll(int timeoutMilliseconds)
    {
        int read = link.Read(readBuffer, 0, readBuffer.Length, timeoutMilliseconds);
        int position = 0;
        while (position < read)
        {
            DecodeStatus status = decoder.Push(readBuffer, position, read - position, out int consumed);
            position += consumed;
            if (status == DecodeStatus.Frame)
            {
                HostLinkMessage? message = MessageDecoder.Decode(decoder);
                if (message == null || (byte)message.Type >= 0x80)
                {
                    continue;
                }

                // A resend means our ack was lost or late: acknowledge again even if nothing is new.
                acknowledgeDue = true;
                if (Tracker.Observe(message))
                {
                    RecordReceived?.Invoke(message);
                }
            }
            else if (status != DecodeStatus.NeedMoreData)
            {
                DecodeErrorOccurred?.Invoke(CaptureDecoder.ErrorName(status));
            }
        }

        Acknowledge();
        return read;
    }

    private void Acknowledge()
    {
        uint? through = Tracker.ContiguousThrough();
        if (through == null || (!acknowledgeDue && through == lastAcknowledged))
        {
            return;
        }

        Send(new AcknowledgeMessage { AcknowledgedSequence = through.Value });
        lastAcknowledged = through;
        acknowledgeDue = false;
    }
}
