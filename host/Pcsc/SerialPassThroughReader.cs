using System;
using System.Diagnostics;
using System.IO;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using DualReader.Host.Serial;

namespace DualReader.Host.Pcsc;

/// <summary>
/// A real DualReader on a serial port: sends session and pass-through commands, acknowledges everything it receives
/// (so the reader frees its queue) and prints the other records (masked transactions, errors) to the log.
/// </summary>
public sealed class SerialPassThroughReader : IPassThroughReader
{
    /// <summary>
    /// How long to wait for an answer: one ISO-DEP exchange ends within 5 s on the reader (README, "How the reader
    /// behaves"), plus the UART time of the largest frames both ways (2 × 1041 bytes at 115200 baud ≈ 0.2 s) and slack.
    /// </summary>
    public const int AnswerTimeoutMilliseconds = 8000;

    private readonly SerialLink link;
    private readonly HostLinkSession session;
    private readonly TextWriter log;

    public SerialPassThroughReader(string portPath, int baud, TextWriter log)
    {
        link = SerialLink.Open(portPath, baud);
        // Host sequence numbers only need to tell this run's answers apart from earlier ones.
        session = new HostLinkSession(link, (uint)Environment.TickCount64 & 0x7FFFFFFF);
        this.log = log;
        Description = portPath;
    }

    public string Description { get; }

    public PassThroughResponseRecord? Session(PassThroughSessionAction action) =>
        Exchange(new PassThroughSessionMessage { Action = action }) as PassThroughResponseRecord;

    public PassThroughResponseRecord? Transmit(byte[] apdu) =>
        Exchange(new PassThroughCommandMessage { Apdu = apdu }) as PassThroughResponseRecord;

    public StatusRecord? Status() => Exchange(new StatusRequestMessage()) as StatusRecord;

    private HostLinkMessage? Exchange(HostLinkMessage message)
    {
        HostLinkMessage? answer = null;
        uint sequence = 0;
        bool sent = false;
        void OnRecord(HostLinkMessage record)
        {
            if (answer == null && sent && IsAnswer(message, record, sequence))
            {
                answer = record;
                return;
            }

            if (sent && record is ErrorRecord { Code: "record_refused" } && message is PassThroughCommandMessage)
            {
                // The answer did not fit a host-link frame (a response near 1 KiB): the reader says so instead.
                answer = new PassThroughResponseRecord { HostSequence = sequence, Outcome = "record_refused" };
                return;
            }

            // Records the reader sends meanwhile are masked by the firmware; show them as `monitor` does.
            log.WriteLine("pcsc: reader: " + RecordFormatter.ToText(record));
        }

        session.RecordReceived += OnRecord;
        try
        {
            sequence = session.Send(message);
            sent = true;
            var clock = Stopwatch.StartNew();
            while (answer == null && clock.ElapsedMilliseconds < AnswerTimeoutMilliseconds)
            {
                session.Poll(20);
            }

            return answer;
        }
        finally
        {
            session.RecordReceived -= OnRecord;
        }
    }

    /// <summary>True when <paramref name="record"/> answers <paramref name="message"/> sent as <paramref name="sequence"/>.</summary>
    internal static bool IsAnswer(HostLinkMessage message, HostLinkMessage record, uint sequence) => message switch
    {
        StatusRequestMessage => record is StatusRecord,
        _ => record is PassThroughResponseRecord response && response.HostSequence == sequence,
    };

    public void Dispose() => link.Dispose();
}
