using System;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// "Nothing lost": every record the reader sends gets the next sequence number (contiguous from 0 at start-up)
    /// and stays, encoded, in a bounded ring until the host acknowledges it (cumulative acks). Unacknowledged frames
    /// are resent when <see cref="ResendTimeoutMicroseconds"/> has passed on the monotonic clock. When the ring is
    /// full, the oldest record is dropped and one <see cref="LostRecord"/> reports it. Further drops while that lost
    /// record is unacknowledged are merged into it: with the same sequence number while the dropped number is below
    /// the lost record's own, otherwise under a new number that supersedes the old one (its range covers the old
    /// number). Only one lost record is ever pending, so a host that is away for a long time gets one "lost N"
    /// covering everything dropped. The lost record is sent before the ring's records.
    /// </summary>
    /// <remarks>
    /// Memory: one store of <see cref="StorageLength"/> bytes that holds the encoded records back to back, each in one
    /// piece (so it goes to the UART in one write), plus one record-sized buffer to encode into and a small one for
    /// the lost record, all allocated at construction; nothing is allocated per record. The ring holds up to
    /// <c>capacity</c> records as long as they fit in the store: a transaction record is a few hundred bytes, an APDU
    /// trace up to a kilobyte, and sizing the store by the largest frame times the capacity (17 KB for 16) would take
    /// a third of a plain ESP32's managed heap. Not thread-safe: call from the reader's main loop.
    /// </remarks>
    public sealed class RecordQueue
    {
        /// <summary>The largest record length worth accepting: any frame on the wire.</summary>
        public const int FullSlotLength = HostLinkProtocol.MaximumWireLength;

        /// <summary>The store's size unless the constructor is given one: 16 transaction records with room to spare,
        /// or five of the largest frames.</summary>
        public const int DefaultStorageLength = 6144;

        private readonly IClock clock;
        private readonly ISerialPort port;
        private readonly FrameEncoder encoder = new FrameEncoder();
        private readonly byte[] storage;
        private readonly int[] offsets;
        private readonly int[] lengths;
        private readonly uint[] sequences;
        private readonly long[] sentAt;
        private readonly byte[] lostSlot;
        private readonly byte[] spare;
        private readonly LostRecord lost = new LostRecord();
        private int head;
        private int count;
        private uint nextSequence;
        private bool lostPending;
        private int lostLength;
        private long lostSentAt;
        private uint totalDropped;

        /// <param name="clock">The monotonic clock the resend timeout runs on.</param>
        /// <param name="port">The UART to the host.</param>
        /// <param name="capacity">How many unacknowledged records are kept.</param>
        /// <param name="slotLength">The largest encoded record accepted, in bytes (at most <see cref="FullSlotLength"/> is
        /// useful); the store is <see cref="DefaultStorageLength"/> bytes, or capacity × this when that is less.</param>
        /// <param name="resendTimeoutMicroseconds">How long a frame waits for its ack before it is sent again.</param>
        public RecordQueue(IClock clock, ISerialPort port, int capacity, int slotLength, long resendTimeoutMicroseconds)
            : this(clock, port, capacity, slotLength, DefaultStorage(capacity, slotLength), resendTimeoutMicroseconds)
        {
        }

        /// <summary>As above, with a store of <paramref name="storageLength"/> bytes (at least one largest record).</summary>
        public RecordQueue(IClock clock, ISerialPort port, int capacity, int slotLength, int storageLength, long resendTimeoutMicroseconds)
        {
            if (clock == null)
            {
                throw new ArgumentNullException(nameof(clock));
            }

            if (port == null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            if (slotLength < 64)
            {
                throw new ArgumentOutOfRangeException(nameof(slotLength));
            }

            if (resendTimeoutMicroseconds <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(resendTimeoutMicroseconds));
            }

            if (storageLength < slotLength)
            {
                throw new ArgumentOutOfRangeException(nameof(storageLength));
            }

            this.clock = clock;
            this.port = port;
            ResendTimeoutMicroseconds = resendTimeoutMicroseconds;
            storage = new byte[storageLength];
            spare = new byte[slotLength];
            offsets = new int[capacity];
            lengths = new int[capacity];
            sequences = new uint[capacity];
            sentAt = new long[capacity];
            lostSlot = new byte[64];
        }

        public long ResendTimeoutMicroseconds { get; set; }

        /// <summary>
        /// How many timed-out frames one <see cref="Service"/> call sends again (oldest first; default 1). Keeps a
        /// reader whose host is gone from filling the UART with its whole ring on every timeout; a host that missed
        /// one frame acks up to the hole, gets the oldest unacknowledged frame again and acks the rest at once.
        /// New frames are always sent.
        /// </summary>
        public int MaximumResendsPerService { get; set; } = 1;

        /// <summary>How many records the ring can hold.</summary>
        public int Capacity
        {
            get { return offsets.Length; }
        }

        /// <summary>Bytes of the store that holds the encoded records.</summary>
        public int StorageLength
        {
            get { return storage.Length; }
        }

        /// <summary>Unacknowledged records in the ring (the pending lost record is not counted).</summary>
        public int Count
        {
            get { return count; }
        }

        /// <summary>The sequence number the next record will get.</summary>
        public uint NextSequence
        {
            get { return nextSequence; }
        }

        /// <summary>Records dropped since start-up.</summary>
        public uint TotalDropped
        {
            get { return totalDropped; }
        }

        /// <summary>True while a lost record waits for its acknowledgement.</summary>
        public bool HasPendingLost
        {
            get { return lostPending; }
        }

        /// <summary>The sequence number of the oldest unacknowledged record (lost record included), when any.</summary>
        public bool TryGetOldestSequence(out uint sequence)
        {
            sequence = 0;
            bool found = false;
            if (count > 0)
            {
                sequence = sequences[head];
                found = true;
            }

            if (lostPending && (!found || (int)(lost.Sequence - sequence) < 0))
            {
                sequence = lost.Sequence;
                found = true;
            }

            return found;
        }

        /// <summary>
        /// Gives <paramref name="record"/> the next sequence number, encodes it into the ring (dropping the oldest
        /// when full) and leaves it for <see cref="Service"/> to send. The record object can be reused afterwards.
        /// </summary>
        /// <returns>Ok, or why the record was refused (no sequence number is used then).</returns>
        public EncodeStatus Enqueue(HostLinkMessage record)
        {
            if (record == null)
            {
                throw new ArgumentNullException(nameof(record));
            }

            // Encode into the spare buffer first, so that a refused record changes nothing. The number it gets is
            // the next one, unless a drop below makes the lost record take that (then it gets the one after).
            uint sequence = nextSequence;
            int length;
            EncodeStatus status = encoder.Encode(record, sequence, spare, 0, spare.Length, out length);
            if (status != EncodeStatus.Ok)
            {
                return status;
            }

            // Room: the oldest records go, one after the other, until the ring has a free entry and the store a free
            // stretch for this record. A drop renumbers the lost record (it takes the next number) when there is
            // none yet or the dropped number is above its own (see Drop); that happens at most once here, since the
            // lost record's new number is above every record in the ring.
            int drops = 0;
            bool renumbered = false;
            bool pending = lostPending;
            uint lostSequence = lost.Sequence;
            while (count - drops == offsets.Length || FindPlace(length, drops) < 0)
            {
                uint dropped = sequences[(head + drops) % offsets.Length];
                if (!pending || (int)(dropped - lostSequence) > 0)
                {
                    renumbered = true;
                    pending = true;
                    lostSequence = nextSequence;
                }

                drops++;
            }

            if (renumbered)
            {
                sequence = nextSequence + 1;
                encoder.Encode(record, sequence, spare, 0, spare.Length, out length);
            }

            for (int drop = 0; drop < drops; drop++)
            {
                uint dropped = sequences[head];
                Drop(dropped, !lostPending || (int)(dropped - lost.Sequence) > 0);
                head = (head + 1) % offsets.Length;
                count--;
            }

            int tail = (head + count) % offsets.Length;
            int place = FindPlace(length, 0);
            Array.Copy(spare, 0, storage, place, length);
            nextSequence = sequence + 1;
            record.Sequence = sequence;
            offsets[tail] = place;
            lengths[tail] = length;
            sequences[tail] = sequence;
            sentAt[tail] = -1;
            count++;
            return EncodeStatus.Ok;
        }

        /// <summary>
        /// Where a record of <paramref name="length"/> bytes fits in the store in one piece, once the
        /// <paramref name="dropped"/> oldest records are gone; -1 when it does not. Records lie in the store in ring
        /// order: after the newest one, or from the start of the store once the end has no room (wrapping).
        /// </summary>
        private int FindPlace(int length, int dropped)
        {
            if (count - dropped <= 0)
            {
                return 0;
            }

            int oldest = (head + dropped) % offsets.Length;
            int newest = (head + count - 1) % offsets.Length;
            int oldestStart = offsets[oldest];
            int newestEnd = offsets[newest] + lengths[newest];
            if (newestEnd > oldestStart)
            {
                // Not wrapped: free behind the newest record, and before the oldest one.
                if (storage.Length - newestEnd >= length)
                {
                    return newestEnd;
                }

                return oldestStart >= length ? 0 : -1;
            }

            // Wrapped: free only between the newest record and the oldest one.
            return oldestStart - newestEnd >= length ? newestEnd : -1;
        }

        /// <summary>The store's default size: capacity × the largest record when that is smaller than
        /// <see cref="DefaultStorageLength"/>, else that (and never less than one largest record).</summary>
        private static int DefaultStorage(int capacity, int slotLength)
        {
            long all = (long)capacity * slotLength;
            if (all <= DefaultStorageLength)
            {
                return (int)all;
            }

            return slotLength > DefaultStorageLength ? slotLength : DefaultStorageLength;
        }

        /// <param name="renumber">True: the lost record takes the next sequence number (a new one, or one that supersedes
        /// the pending one).</param>
        private void Drop(uint droppedSequence, bool renumber)
        {
            totalDropped++;
            long now = clock.GetMicroseconds();
            if (!lostPending)
            {
                lostPending = true;
                lost.FirstSequence = droppedSequence;
                lost.Count = 0;
            }

            // Numbering rule (PROTOCOL.md section 4): a drop merges into the pending lost record only when the dropped
            // number is below the lost record's own number. A cumulative ack that reaches the lost record's number then
            // also covers the dropped one, so the host either holds that record or saw the update. A drop above it
            // could be acknowledged away by an ack meant for the older content (the update lost on a noisy line):
            // then the lost record takes a new number and supersedes the old one, whose number lies inside the new
            // range first_seq..last_seq.
            if (renumber)
            {
                lost.Sequence = nextSequence;
            }

            lost.LastSequence = droppedSequence;
            lost.Count++;
            lost.TimeMicroseconds = now;
            encoder.Encode(lost, lost.Sequence, lostSlot, 0, lostSlot.Length, out lostLength);
            // Changed content: send the new count at the next service, even if the old one went out already.
            lostSentAt = -1;
        }

        /// <summary>
        /// The host holds every record up to <paramref name="sequence"/>: frees them. Acks for sequences not yet
        /// assigned are ignored (a confused host must not make the reader forget records it never sent).
        /// </summary>
        /// <returns>How many records were freed (the lost record included).</returns>
        public int Acknowledge(uint sequence)
        {
            if ((int)(sequence - nextSequence) >= 0)
            {
                return 0;
            }

            int freed = 0;
            while (count > 0 && (int)(sequences[head] - sequence) <= 0)
            {
                head = (head + 1) % offsets.Length;
                count--;
                freed++;
            }

            // A lost record whose count grew after it was last sent is not freed: the host's ack can only stand for the
            // content it saw, and the newer drops would otherwise never be reported. It goes out again first.
            if (lostPending && lostSentAt >= 0 && (int)(lost.Sequence - sequence) <= 0)
            {
                lostPending = false;
                freed++;
            }

            return freed;
        }

        /// <summary>
        /// Sends what is due: the lost record first (when new, changed or its resend timeout has passed), then every
        /// record never sent, and up to <see cref="MaximumResendsPerService"/> records whose last transmission is at
        /// least the resend timeout old, oldest first. Call from the main loop.
        /// </summary>
        /// <returns>How many frames were written.</returns>
        public int Service()
        {
            long now = clock.GetMicroseconds();
            int written = 0;
            int resends = 0;

            // The lost record's resend does not use the resend budget: it accounts for the lowest numbers, so a host
            // that acknowledges cumulatively needs it before any ring record, and it needs the ring records below the
            // lost record's own number before it can acknowledge the lost record. Sharing one budget let the lost
            // record take it on every timeout while the ring's oldest record was never resent (a livelock the record
            // queue fuzzer found). It is one small frame per timeout.
            if (lostPending && (lostSentAt < 0 || now - lostSentAt >= ResendTimeoutMicroseconds))
            {
                port.Write(lostSlot, 0, lostLength);
                lostSentAt = now;
                written++;
            }

            for (int index = 0; index < count; index++)
            {
                int slot = (head + index) % offsets.Length;
                bool fresh = sentAt[slot] < 0;
                if (fresh || (now - sentAt[slot] >= ResendTimeoutMicroseconds && resends < MaximumResendsPerService))
                {
                    if (!fresh)
                    {
                        resends++;
                    }

                    port.Write(storage, offsets[slot], lengths[slot]);
                    sentAt[slot] = now;
                    written++;
                }
            }

            return written;
        }
    }
}
