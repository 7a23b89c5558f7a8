using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// Where every part of the reader hands its records to the <see cref="RecordQueue"/>: a record the encoder
    /// refuses is replaced by an error record <c>record_refused</c>, and an error record that does not fit either is
    /// counted, so nothing disappears without a trace and nothing throws.
    /// </summary>
    public sealed class RecordOutbox
    {
        private readonly RecordQueue queue;
        private readonly IClock clock;
        private readonly ErrorRecord error = new ErrorRecord();

        /// <summary>An outbox onto <paramref name="queue"/>, stamping error records with <paramref name="clock"/>.</summary>
        public RecordOutbox(RecordQueue queue, IClock clock)
        {
            this.queue = queue;
            this.clock = clock;
        }

        /// <summary>The queue records go to (APDU traces are queued there directly by the recorder).</summary>
        public RecordQueue Queue
        {
            get { return queue; }
        }

        /// <summary>Records the encoder refused since start-up (each reported by a <c>record_refused</c> error record,
        /// or, when that is refused too, only counted here).</summary>
        public int RefusedRecords { get; private set; }

        /// <summary>
        /// Queues <paramref name="record"/>; one the encoder refuses (it does not fit a slot, a field breaks the
        /// record format) is replaced by an error record <c>record_refused</c> naming the <see cref="EncodeStatus"/>.
        /// </summary>
        public void Send(HostLinkMessage record, ReaderInterface radio)
        {
            EncodeStatus status = queue.Enqueue(record);
            if (status != EncodeStatus.Ok)
            {
                RefusedRecords++;
                Report(radio, ReaderError.RecordRefused, EncodeStatusNames.Name(status));
            }
        }

        /// <summary>An error record for something that happens now.</summary>
        public void Report(ReaderInterface radio, ReaderError code, string detail)
        {
            ReportAt(radio, code, detail, clock.GetMicroseconds());
        }

        /// <summary>An error record for something that happened at <paramref name="microseconds"/> (reader time).</summary>
        public void ReportAt(ReaderInterface radio, ReaderError code, string detail, long microseconds)
        {
            error.Interface = radio;
            error.TimeMicroseconds = microseconds;
            error.Code = ReaderErrorNames.Name(code);
            error.Detail = detail;
            if (queue.Enqueue(error) != EncodeStatus.Ok)
            {
                // An error record that does not fit either: nothing smaller can be sent; counted, never thrown.
                RefusedRecords++;
            }
        }
    }
}
