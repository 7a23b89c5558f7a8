using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// An <see cref="IFrameTransceiver"/> that hands frames straight to an <see cref="IPiccProtocol"/> (no reader chip
    /// model): for testing ISO-DEP and the applications above it on their own. It charges what the air would cost on
    /// the <see cref="VirtualClock"/> and the <see cref="CostLedger"/>: each frame at the current bit rate
    /// (ISO/IEC 14443-2: 9 bits per byte with parity, plus start and end), the frame delay time, and the card's
    /// processing time. An answer that would start after the timeout is not heard: the call returns
    /// <see cref="TransceiveResult.NoResponse"/> once the timeout has passed, but the card keeps computing; its answer
    /// goes on air when it is done and lands in the next call's receive window when that one is open then (the card,
    /// still busy, does not take that call's frame), or is lost on air when no call listens (issue 12). Fault hooks
    /// drop or damage frames and take the card away.
    /// </summary>
    public sealed class DirectFrameLink : IFrameTransceiver
    {
        /// <summary>Frame delay time PCD to PICC, (n × 128 + 84) / fc with n = 9 (ISO/IEC 14443-3, 6.2.1.1, last bit 1);
        /// used at every rate (the higher-rate FDTs differ by a few carrier cycles only).</summary>
        public const int FrameDelayCycles = 1236;

        private readonly VirtualClock clock;
        private readonly CostLedger ledger;
        private readonly IPiccProtocol picc;
        private readonly byte[] answer = new byte[1024];
        private readonly ArrayList log = new ArrayList();
        private long pendingAnswerAt = -1;
        private int pendingLength;
        private int pendingProcessing;
        private BitRate pendingRate;

        /// <summary>Connects the reader side to <paramref name="picc"/>.</summary>
        public DirectFrameLink(VirtualClock clock, CostLedger ledger, IPiccProtocol picc)
        {
            if (clock == null || ledger == null || picc == null)
            {
                throw new ArgumentNullException(clock == null ? "clock" : (ledger == null ? "ledger" : "picc"));
            }

            this.clock = clock;
            this.ledger = ledger;
            this.picc = picc;
        }

        /// <inheritdoc />
        public int MaximumFrameLength { get; set; } = 64;

        /// <summary>Fastest rate this "chip" supports (the MFRC522 runs 848 kbit/s, datasheet 9.3.2.3).</summary>
        public BitRate MaximumSupportedBitRate { get; set; } = BitRate.Kbps848;

        /// <summary>Whether the card is in the field; false makes every exchange time out.</summary>
        public bool Present { get; set; } = true;

        /// <summary>Fault: the next N reader frames never reach the card.</summary>
        public int DropNextReaderFrames { get; set; }

        /// <summary>Fault: the card answers the next N frames but the reader hears nothing.</summary>
        public int DropNextCardFrames { get; set; }

        /// <summary>Fault: the card's answer to the transceive numbered this (see <see cref="TransceiveCount"/>) is lost.</summary>
        public int DropCardAnswerOfTransceive { get; set; } = -1;

        /// <summary>Transceive calls so far (the first is number 1).</summary>
        public int TransceiveCount { get; private set; }

        /// <summary>Fault: the card's next N answers arrive with a bad CRC_A.</summary>
        public int CorruptNextCardFrames { get; set; }

        /// <summary>Fault: the card leaves the field after answering this many more frames (negative: never).</summary>
        public int LeaveAfterFrames { get; set; } = -1;

        /// <summary>Record every frame (with its CRC_A) in <see cref="Frames"/>.</summary>
        public bool Logging { get; set; } = true;

        /// <summary>The frames on air (<see cref="LinkFrame"/>), in order, when <see cref="Logging"/> is on.</summary>
        public ArrayList Frames
        {
            get { return log; }
        }

        /// <summary>Current rate reader to card.</summary>
        public BitRate PcdToPiccRate { get; private set; }

        /// <summary>Current rate card to reader.</summary>
        public BitRate PiccToPcdRate { get; private set; }

        /// <summary>Card answers that went on air while no call was listening (late answers after the reader gave up).</summary>
        public int LostAnswers { get; private set; }

        /// <summary>The timeouts the reader passed, in order (µs), for tests of the waiting-time rules.</summary>
        public ArrayList Timeouts { get; } = new ArrayList();

        /// <inheritdoc />
        public bool SupportsBitRate(BitRate rate)
        {
            return rate <= MaximumSupportedBitRate;
        }

        /// <inheritdoc />
        public void SetBitRates(BitRate pcdToPicc, BitRate piccToPcd)
        {
            if (!SupportsBitRate(pcdToPicc) || !SupportsBitRate(piccToPcd))
            {
                throw new ArgumentOutOfRangeException("pcdToPicc");
            }

            PcdToPiccRate = pcdToPicc;
            PiccToPcdRate = piccToPcd;
        }

        /// <summary>Air time of a frame of <paramref name="bytesWithCrc"/> bytes at <paramref name="rate"/>:
        /// start bit, 9 bits a byte (ISO/IEC 14443-2 8.1/8.2 and 14443-3 6.1), end of frame; in µs.</summary>
        public static int FrameMicroseconds(int bytesWithCrc, BitRate rate)
        {
            long cycles = (9L * bytesWithCrc + 2) * (128 >> (int)rate);
            return FrameTiming.CyclesToMicroseconds(cycles);
        }

        /// <inheritdoc />
        public TransceiveResult Transceive(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount)
        {
            receivedCount = 0;
            if (txBuffer == null || rxBuffer == null || txCount < 1 || txOffset + txCount > txBuffer.Length || rxOffset + rxCapacity > rxBuffer.Length)
            {
                throw new ArgumentException("bad buffer arguments");
            }

            if (txCount > MaximumFrameLength)
            {
                throw new ArgumentOutOfRangeException("txCount");
            }

            Timeouts.Add(timeoutMicroseconds);
            TransceiveCount++;
            int txAir = FrameMicroseconds(txCount + 2, PcdToPiccRate);
            Spend(txAir, true);
            Record(true, txBuffer, txOffset, txCount);

            if (pendingAnswerAt >= 0)
            {
                // The card is still computing its answer to an earlier frame (that call gave up waiting).
                long answerAt = pendingAnswerAt;
                if (answerAt <= clock.Now - txAir)
                {
                    // It went on air before this frame, with nobody listening; the card is free again.
                    pendingAnswerAt = -1;
                    LostAnswers++;
                }
                else if (answerAt < clock.Now || !Present)
                {
                    // It began while this frame was on air (or the card left): lost; this frame was not taken.
                    pendingAnswerAt = -1;
                    LostAnswers++;
                    return Silence(timeoutMicroseconds);
                }
                else if (answerAt - clock.Now > timeoutMicroseconds)
                {
                    // Still computing past this wait too; this frame was not taken.
                    return Silence(timeoutMicroseconds);
                }
                else
                {
                    // It arrives in this call's window. The busy card never took this frame (ISO/IEC 14443-4 7.1).
                    pendingAnswerAt = -1;
                    long wait = answerAt - clock.Now;
                    ledger.CardProcessingMicroseconds += pendingProcessing;
                    ledger.AirMicroseconds += FrameTiming.CyclesToMicroseconds(FrameDelayCycles);
                    clock.Advance(wait);
                    return Answer(pendingLength, pendingRate, (int)wait, rxBuffer, rxOffset, rxCapacity, timeoutMicroseconds, out receivedCount);
                }
            }

            if (!Present || picc.PcdToPiccRate != PcdToPiccRate)
            {
                return Silence(timeoutMicroseconds);
            }

            if (DropNextReaderFrames > 0)
            {
                DropNextReaderFrames--;
                return Silence(timeoutMicroseconds);
            }

            BitRate answerRate = picc.PiccToPcdRate;
            int processing;
            int length = picc.HandleFrame(txBuffer, txOffset, txCount, answer, 0, out processing);
            if (LeaveAfterFrames >= 0)
            {
                if (LeaveAfterFrames == 0)
                {
                    Present = false;
                    length = 0;
                }
                else
                {
                    LeaveAfterFrames--;
                }
            }

            if (length == 0)
            {
                return Silence(timeoutMicroseconds);
            }

            int delay = FrameTiming.CyclesToMicroseconds(FrameDelayCycles) + processing;
            if (delay > timeoutMicroseconds)
            {
                // The answer starts after the reader stopped listening; the card keeps computing (see the remarks).
                pendingAnswerAt = clock.Now + delay;
                pendingLength = length;
                pendingRate = answerRate;
                pendingProcessing = processing;
                clock.Advance(timeoutMicroseconds);
                return TransceiveResult.NoResponse;
            }

            ledger.CardProcessingMicroseconds += processing;
            ledger.AirMicroseconds += delay - processing;
            clock.Advance(delay);
            return Answer(length, answerRate, delay, rxBuffer, rxOffset, rxCapacity, timeoutMicroseconds, out receivedCount);
        }

        /// <summary>The card's answer (in the answer buffer) goes on air now, <paramref name="delay"/> µs into the
        /// wait; the fault hooks apply.</summary>
        private TransceiveResult Answer(int length, BitRate answerRate, int delay, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount)
        {
            receivedCount = 0;
            int air = FrameMicroseconds(length + 2, answerRate);
            Spend(air, false);
            Record(false, answer, 0, length);

            if (DropNextCardFrames > 0 || TransceiveCount == DropCardAnswerOfTransceive)
            {
                if (DropNextCardFrames > 0)
                {
                    DropNextCardFrames--;
                }

                int rest = timeoutMicroseconds - delay - air;
                if (rest > 0)
                {
                    clock.Advance(rest);
                }

                return TransceiveResult.NoResponse;
            }

            if (answerRate != PiccToPcdRate)
            {
                return TransceiveResult.ProtocolError;
            }

            if (CorruptNextCardFrames > 0)
            {
                CorruptNextCardFrames--;
                return TransceiveResult.CrcError;
            }

            if (length > rxCapacity || length > MaximumFrameLength)
            {
                int kept = rxCapacity < MaximumFrameLength ? rxCapacity : MaximumFrameLength;
                Array.Copy(answer, 0, rxBuffer, rxOffset, kept);
                receivedCount = kept;
                return TransceiveResult.BufferOverflow;
            }

            Array.Copy(answer, 0, rxBuffer, rxOffset, length);
            receivedCount = length;
            return TransceiveResult.Ok;
        }

        private TransceiveResult Silence(int timeoutMicroseconds)
        {
            clock.Advance(timeoutMicroseconds);
            return TransceiveResult.NoResponse;
        }

        private void Spend(int microseconds, bool fromReader)
        {
            ledger.AirMicroseconds += microseconds;
            clock.Advance(microseconds);
        }

        private void Record(bool fromReader, byte[] data, int offset, int count)
        {
            if (!Logging)
            {
                return;
            }

            byte[] bytes = new byte[count + 2];
            Array.Copy(data, offset, bytes, 0, count);
            int crc = CrcA.Compute(data, offset, count);
            bytes[count] = (byte)crc;
            bytes[count + 1] = (byte)(crc >> 8);
            log.Add(new LinkFrame(fromReader, bytes, clock.Now));
        }
    }

    /// <summary>One frame logged by <see cref="DirectFrameLink"/>.</summary>
    public sealed class LinkFrame
    {
        /// <summary>A logged frame.</summary>
        public LinkFrame(bool fromReader, byte[] bytesWithCrc, long endMicroseconds)
        {
            FromReader = fromReader;
            BytesWithCrc = bytesWithCrc;
            EndMicroseconds = endMicroseconds;
        }

        /// <summary>True for PCD to PICC.</summary>
        public bool FromReader { get; private set; }

        /// <summary>The frame with its CRC_A (low byte first).</summary>
        public byte[] BytesWithCrc { get; private set; }

        /// <summary>Virtual time at the end of the frame.</summary>
        public long EndMicroseconds { get; private set; }
    }
}
