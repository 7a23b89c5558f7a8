using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// A decorator around the APDU channel of a transaction (ISO-DEP or the RF-SIM link): times every exchange,
    /// keeps the last status word, and, while trace is on, hands each command/response with the ISO 14443 frames
    /// it travelled in to an <see cref="ApduTraceRecord"/> on the record queue (redacted by the encoder).
    /// </summary>
    /// <remarks>Buffers are allocated once; the timings of one transaction live in fixed arrays.</remarks>
    public sealed class ApduRecorder : IApduChannel
    {
        /// <summary>Exchanges timed per transaction; later ones are exchanged but not timed.</summary>
        public const int MaximumTimedExchanges = 64;

        // READ RECORD (ISO/IEC 7816-4, 7.3.3; EMV Book 3, 6.5.11).
        private const byte ReadRecordInstruction = 0xB2;

        private readonly IClock clock;
        private readonly byte[] traceCommand = new byte[ApduClient.ShortCommandLength + 3];
        private readonly byte[] traceResponse = new byte[258];
        private readonly ApduTraceRecord trace = new ApduTraceRecord();
        private readonly uint[] durations = new uint[MaximumTimedExchanges];
        private readonly bool[] records = new bool[MaximumTimedExchanges];
        private IApduChannel inner;
        private FrameCapture capture;
        private RecordQueue queue;
        private ReaderInterface radio;

        /// <summary>A recorder timing on <paramref name="clock"/>.</summary>
        public ApduRecorder(IClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            this.clock = clock;
        }

        /// <summary>Exchanges since <see cref="Begin"/>.</summary>
        public int ExchangeCount { get; private set; }

        /// <summary>SW1 SW2 of the last complete response since <see cref="Begin"/>; -1 when none.</summary>
        public int LastStatusWord { get; private set; }

        /// <summary>Trace records that could not be queued (too long for a frame).</summary>
        public int TraceRecordsRefused { get; private set; }

        /// <summary>
        /// Starts a transaction over <paramref name="channel"/>. With <paramref name="traceQueue"/> not null every
        /// exchange is traced there; <paramref name="frames"/> (may be null: RF-SIM) supplies the ISO 14443 frames.
        /// </summary>
        public void Begin(IApduChannel channel, ReaderInterface channelInterface, RecordQueue traceQueue, FrameCapture frames)
        {
            if (channel == null)
            {
                throw new ArgumentNullException("channel");
            }

            inner = channel;
            radio = channelInterface;
            queue = traceQueue;
            capture = frames;
            ExchangeCount = 0;
            LastStatusWord = -1;
        }

        /// <summary>Adds the per-APDU timings to <paramref name="record"/>: READ RECORD exchanges as phase record
        /// (index = nth record), every other exchange as phase apdu (index = nth such APDU), in order.</summary>
        public void AddTimings(TransactionRecord record)
        {
            int apdu = 0;
            int readRecord = 0;
            int timed = ExchangeCount < MaximumTimedExchanges ? ExchangeCount : MaximumTimedExchanges;
            for (int index = 0; index < timed; index++)
            {
                if (records[index])
                {
                    record.AddTiming(TimingPhase.Record, readRecord++, durations[index]);
                }
                else
                {
                    record.AddTiming(TimingPhase.Apdu, apdu++, durations[index]);
                }
            }
        }

        /// <inheritdoc />
        public ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
        {
            if (inner == null)
            {
                throw new InvalidOperationException("Begin was not called");
            }

            if (capture != null && queue != null)
            {
                // Frames before the first APDU (activation) were flushed by the reader; start this APDU's set.
                capture.Clear();
            }

            long start = clock.GetMicroseconds();
            ExchangeResult result = inner.Exchange(command, commandOffset, commandCount, response, responseOffset, responseCapacity, out responseCount);
            long end = clock.GetMicroseconds();
            if (ExchangeCount < MaximumTimedExchanges)
            {
                durations[ExchangeCount] = (uint)(end - start);
                records[ExchangeCount] = commandCount > 1 && command[commandOffset + 1] == ReadRecordInstruction;
            }

            ExchangeCount++;
            if (result == ExchangeResult.Ok && responseCount >= 2)
            {
                LastStatusWord = (response[responseOffset + responseCount - 2] << 8) | response[responseOffset + responseCount - 1];
            }

            if (queue != null)
            {
                Trace(start, command, commandOffset, commandCount, result == ExchangeResult.Ok ? response : null, responseOffset, responseCount);
            }

            return result;
        }

        private void Trace(long start, byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCount)
        {
            trace.Interface = radio;
            trace.TimeMicroseconds = start;
            int commandLength = commandCount < traceCommand.Length ? commandCount : traceCommand.Length;
            Array.Copy(command, commandOffset, traceCommand, 0, commandLength);
            trace.SetCommand(traceCommand, commandLength);
            if (response != null)
            {
                int responseLength = responseCount < traceResponse.Length ? responseCount : traceResponse.Length;
                Array.Copy(response, responseOffset, traceResponse, 0, responseLength);
                trace.SetResponse(traceResponse, responseLength);
            }
            else
            {
                trace.SetResponse(null, 0);
            }

            trace.Frames.Clear();
            if (capture != null)
            {
                for (int index = 0; index < capture.Count; index++)
                {
                    trace.Frames.Add(capture[index]);
                }
            }

            // Encoded (and redacted) now, so the copies above and the frame buffers can be reused at once.
            if (queue.Enqueue(trace) != EncodeStatus.Ok)
            {
                TraceRecordsRefused++;
            }

            Array.Clear(traceCommand, 0, commandLength);
            Array.Clear(traceResponse, 0, traceResponse.Length);
            trace.Frames.Clear();
            if (capture != null)
            {
                capture.Clear();
            }
        }
    }
}
