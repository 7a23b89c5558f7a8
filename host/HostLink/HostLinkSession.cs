using System;
using DualReader.Firmware.HostLink;
using DualReader.Host.Serial;

namespace DualReader.Host.HostLink;

/// <summary>
/// The host end of a live link: decodes what the reader sends (the same <see cref="FrameScanner"/> as `decode`), drops
/// resent duplicates, acknowledges cumulatively (the highest sequence number up to which everything is held), and sends
/// host commands.
/// </summary>
public sealed class HostLinkSession
{
    private readonly ISerialLink link;
    private readonly FrameScanner scanner = new();
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
        scanner.MessageDecoded += Accept;
        scanner.ErrorFound += Reject;
    }

    public SequenceTracker Tracker { get; } = new();

    /// <summary>A new reader record (not a resend).</summary>
    public event Action<HostLinkMessage>? RecordReceived;

    /// <summary>
    /// A frame the session could not use. One with a sequence number (good CRC, version 1) from the reader counts as
    /// accounted for and is acknowledged: resending it would not make it readable, and holding the acknowledgement
    /// back would fill the reader's queue.
    /// </summary>
    public event Action<DecodeError>? DecodeErrorOccurred;

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
        scanner.Scan(readBuffer.AsSpan(0, read));
        Acknowledge();
        return read;
    }

    private void Accept(HostLinkMessage message, int fingerprint, long offset)
    {
        if ((byte)message.Type >= 0x80)
        {
            return;
        }

        // A resend means our ack was lost or late: acknowledge again even if nothing is new.
        acknowledgeDue = true;
        switch (Tracker.Observe(message, fingerprint))
        {
            case Observation.New:
            case Observation.Replaced:
                RecordReceived?.Invoke(message);
                break;
            case Observation.Conflict:
                DecodeErrorOccurred?.Invoke(new DecodeError(offset, DecodeErrorNames.ConflictingCopy, message.Sequence, (byte)message.Type));
                break;
        }
    }

    private void Reject(DecodeError error)
    {
        if (error.Sequence != null && !error.FromHost)
        {
            Tracker.MarkUndecodable(error.Sequence.Value);
            acknowledgeDue = true;
        }

        DecodeErrorOccurred?.Invoke(error);
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
