using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// Turns a read into a <see cref="TransactionRecord"/>: runs the EMV read over a radio front's APDU channel (with
    /// the APDU recorder for timings and traces), copies the <see cref="TransactionSummary"/> into the record and
    /// sends it. The fronts fill in what only they know (UID, ATQA/SAK, ATS, activation timings).
    /// </summary>
    public sealed class TransactionRecordBuilder
    {
        private readonly IClock clock;
        private readonly ReaderConfiguration configuration;
        private readonly RecordOutbox outbox;
        private readonly ApduRecorder recorder;
        private readonly EmvReader emv;
        private readonly TransactionSummary summary = new TransactionSummary();
        private readonly byte[] scratch = new byte[32];

        /// <summary>A builder reading with <paramref name="terminal"/>'s data and <paramref name="random"/>'s 9F37.</summary>
        public TransactionRecordBuilder(IClock clock, ReaderConfiguration configuration, RecordOutbox outbox, TerminalData terminal, IRandomSource random)
        {
            this.clock = clock;
            this.configuration = configuration;
            this.outbox = outbox;
            recorder = new ApduRecorder(clock);
            emv = new EmvReader(recorder, terminal, random, clock);
        }

        /// <summary>Transaction records produced since start-up (collisions included).</summary>
        public int TransactionCount { get; private set; }

        /// <summary>A new record for a device found on <paramref name="radio"/> by the poll that began at <paramref name="start"/>.</summary>
        public TransactionRecord Begin(ReaderInterface radio, long start)
        {
            TransactionRecord record = new TransactionRecord();
            record.Interface = radio;
            record.TimeMicroseconds = start;
            return record;
        }

        /// <summary>Stamps the outcome and duration and sends the record.</summary>
        public void Finish(TransactionRecord record, ReadOutcome outcome)
        {
            record.Outcome = ReadOutcomeNames.Name(outcome);
            record.DurationMicroseconds = (uint)(clock.GetMicroseconds() - record.TimeMicroseconds);
            TransactionCount++;
            outbox.Send(record, record.Interface);
        }

        /// <summary>The record of a poll on <paramref name="radio"/> where more than one device answered.</summary>
        public void Collision(ReaderInterface radio, long start)
        {
            TransactionRecord record = Begin(radio, start);
            record.Uid = new byte[0];
            Finish(record, ReadOutcome.Collision);
        }

        /// <summary>
        /// Runs the EMV read over <paramref name="channel"/> to the configured depth and copies the summary into the
        /// record; <paramref name="frames"/> (NFC only, else null) adds the frames of each APDU to its trace.
        /// </summary>
        public ReadOutcome ReadEmv(TransactionRecord record, IApduChannel channel, ReaderInterface radio, FrameCapture frames)
        {
            if (configuration.ReadDepth == ReadDepth.Detect)
            {
                return ReadOutcome.Ok;
            }

            recorder.Begin(channel, radio, configuration.TraceEnabled ? outbox.Queue : null, frames);
            emv.Depth = configuration.ReadDepth;
            summary.Clear();
            int tracesRefused = recorder.TraceRecordsRefused;
            ReadOutcome outcome = emv.Read(summary);
            tracesRefused = recorder.TraceRecordsRefused - tracesRefused;
            if (tracesRefused > 0)
            {
                // An APDU trace (command, response and their frames) that does not fit one host-link frame is refused
                // by the encoder; say so instead of leaving a silent hole in the trace.
                outbox.Report(radio, ReaderError.TraceRefused, tracesRefused.ToString() + " APDU trace record(s) too long for a host-link frame");
            }

            if (summary.AidLength > 0)
            {
                int length = summary.CopyAid(scratch, 0);
                record.Aid = Copy(scratch, length);
            }

            // The EMV layer masks a PAN under 12 digits whole; the record's rule (PanMasking.IsMasked) shows 6 + 4
            // digits and its encoder refuses anything else, which would drop the whole record. Such a PAN is left out.
            record.PanMasked = PanMasking.IsMasked(summary.MaskedPan) ? summary.MaskedPan : null;
            record.ApplicationLabel = summary.ApplicationLabel;
            if (summary.ExpiryMonth > 0 && summary.ExpiryYear >= 0)
            {
                record.Expiry = TwoDigits(summary.ExpiryYear % 100) + TwoDigits(summary.ExpiryMonth);
            }

            record.Credential = summary.Credential;
            if (summary.HasBalance)
            {
                record.HasBalance = true;
                record.BalanceMinorUnits = summary.Balance;
            }

            record.CurrencyCode = summary.CurrencyCode;
            if (summary.HasTransactionCounter)
            {
                record.ApplicationTransactionCounter = summary.TransactionCounter;
            }

            record.LastStatusWord = recorder.LastStatusWord;
            recorder.AddTimings(record);
            return outcome;
        }

        /// <summary>A new array holding the first <paramref name="count"/> bytes of <paramref name="source"/>.</summary>
        public static byte[] Copy(byte[] source, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(source, copy, count);
            return copy;
        }

        private static string TwoDigits(int value)
        {
            return value < 10 ? "0" + value.ToString() : value.ToString();
        }
    }
}
