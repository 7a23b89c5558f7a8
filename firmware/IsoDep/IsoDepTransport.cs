using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Iso14443;
using DualReader.Hal;

namespace DualReader.Firmware.IsoDep
{
    /// <summary>
    /// The PCD side of ISO/IEC 14443-4 (ISO-DEP, "T=CL") over any <see cref="IFrameTransceiver"/>: activation
    /// (RATS/ATS, SFGT, PPS), the half-duplex block protocol of clause 7 (I-block chaining in both directions,
    /// block numbering, S(WTX), R(ACK)/R(NAK) error recovery with bounded retries), and S(DESELECT).
    /// Implements <see cref="IApduChannel"/>: one <see cref="Exchange"/> carries one APDU. Activation (clause 5) is
    /// done by <see cref="IsoDepActivation"/> and the block format (7.1) by <see cref="IsoDepBlocks"/>; this class
    /// keeps the session and runs the block protocol.
    /// </summary>
    /// <remarks>
    /// CID: RATS always carries the configured CID (5.6.1.1). Blocks carry a CID byte only when the PICC announced
    /// CID support (TC(1) b2) and the configured CID is not 0; a PICC with CID 0 answers blocks without CID
    /// (7.1.1.2), which is what the recorded phone traces show (I-blocks 02/03, not 0A/0B). A CID byte in a
    /// received block must carry our CID (b4-b1; the power level bits b8-b7 are ignored).
    /// NAD: never sent (EMV and ISO 7816-4 applications do not use it); a NAD byte in a received I-block is skipped.
    /// Errors: a timeout or damaged frame is answered with R(NAK) (7.5.4 rule 4) or, while the PICC chains,
    /// R(ACK) (rule 5); an R(ACK) with the other block number makes us resend the last I-block (rule 6). After
    /// <see cref="MaximumRetransmissions"/> such repairs for one block the PICC is deselected (rule 8 applies to
    /// the S(DESELECT) itself) and the session is over: later exchanges return <see cref="ExchangeResult.DeviceLost"/>.
    /// Time: ISO/IEC 14443-4 bounds each wait (FWT, FWT × WTXM up to FWTmax) but not a whole exchange, and the
    /// repair and WTX counters restart with every block, so a card announcing FWI 14 could hold one exchange for hours
    /// (one chained byte per block). <see cref="ExchangeLimitMicroseconds"/> is the reader's own overall bound on the
    /// monotonic clock: every wait of an exchange, its S(DESELECT) on failure included, is clipped to the time left.
    /// </remarks>
    public sealed class IsoDepTransport : IApduChannel
    {
        /// <summary>Frames larger than this are never exchanged (FSC/FSD 256, 5.2.3 table 1).</summary>
        public const int MaximumFrameLength = 256;

        /// <summary>Default of <see cref="ExchangeLimitMicroseconds"/>: 5 s (see there why).</summary>
        public const long DefaultExchangeLimitMicroseconds = 5000000;

        /// <summary>Largest WTXM a PICC may ask for (7.3: 1..59).</summary>
        public const int MaximumWaitMultiplier = 59;

        private readonly IFrameTransceiver transceiver;
        private readonly IClock clock;
        private readonly IsoDepActivation activation;
        private readonly AnswerToSelect answerToSelect;
        private readonly IsoDepBlocks blocks;
        private readonly byte[] transmitFrame = new byte[MaximumFrameLength];
        private readonly byte[] informationFrame = new byte[MaximumFrameLength];
        private readonly byte[] receiveFrame = new byte[MaximumFrameLength];

        private int frameSizeDeviceIndex = 5;
        private int cid;
        private bool active;
        // The block number of 7.5.3 (rules A and B), the PCD's part of the block protocol state.
        private int blockNumber;
        private int frameWaitingMicroseconds;
        private long exchangeLimitMicroseconds = DefaultExchangeLimitMicroseconds;
        // End of the running exchange on the clock (µs); long.MaxValue outside an exchange.
        private long exchangeDeadline = long.MaxValue;

        /// <summary>ISO-DEP over <paramref name="transceiver"/>; <paramref name="clock"/> times SFGT.</summary>
        public IsoDepTransport(IFrameTransceiver transceiver, IClock clock)
        {
            if (transceiver == null)
            {
                throw new ArgumentNullException("transceiver");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            this.transceiver = transceiver;
            this.clock = clock;
            activation = new IsoDepActivation(transceiver, clock);
            blocks = new IsoDepBlocks(transmitFrame, informationFrame, receiveFrame);
            answerToSelect = activation.AnswerToSelect;
            frameWaitingMicroseconds = FrameTiming.FrameWaitingMicroseconds(AnswerToSelect.DefaultFrameWaitingIndex);
        }

        /// <summary>FSDI sent in RATS (5.6.1.1). Default 5: FSD 64 bytes, the MFRC522 FIFO.</summary>
        public int FrameSizeDeviceIndex
        {
            get { return frameSizeDeviceIndex; }
            set
            {
                if (value < 0 || value > 8)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                frameSizeDeviceIndex = value;
            }
        }

        /// <summary>CID sent in RATS, 0..14 (5.6.1.1; 15 is RFU). Default 0.</summary>
        public int Cid
        {
            get { return cid; }
            set
            {
                if (value < 0 || value > 14)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                cid = value;
                blocks.Cid = value;
            }
        }

        /// <summary>Highest bit rate PPS may choose; <see cref="BitRate.Kbps106"/> switches PPS off. Default 848 kbit/s.</summary>
        public BitRate MaximumBitRate { get; set; } = BitRate.Kbps848;

        /// <summary>Repairs (R(NAK), R(ACK), I-block resend) allowed for one block before giving up. Default 2
        /// (EMV Contactless Book D, 10.3.4: at most two retransmissions).</summary>
        public int MaximumRetransmissions { get; set; } = 2;

        /// <summary>Consecutive S(WTX) accepted while waiting for one block. Default 200.</summary>
        public int MaximumWaitExtensions { get; set; } = 200;

        /// <summary>Total time extensions may add while waiting for one block (µs). Default 10 s: a hostile PICC
        /// asking WTXM 59 at FWI 14 forever is cut off after about two extensions (with the default
        /// <see cref="ExchangeLimitMicroseconds"/> the exchange limit ends it first).</summary>
        public long MaximumWaitExtensionMicroseconds { get; set; } = 10000000;

        /// <summary>
        /// Overall bound on one <see cref="Exchange"/> on the monotonic clock (µs), a reader policy: neither ISO/IEC
        /// 14443-4 nor EMV Contactless Book D limit a whole exchange. Every wait inside it (frame waiting time, WTX
        /// extension, retransmission, each chained block, the S(DESELECT) after a failure) is clipped to the time left;
        /// when none is left the exchange ends with <see cref="ExchangeResult.WaitExtensionLimit"/> if the card's last
        /// frame asked for more time (S(WTX)), otherwise <see cref="ExchangeResult.NoResponse"/>, and the session is
        /// dropped without S(DESELECT) (no time is left for it; the reader switches the field off, which resets the
        /// PICC). The exchange may overrun the limit by the air time of the frame pair under way (the reader's last
        /// frame and an answer that started in time). Default 5 s: one full FWTmax wait (FWI 14, 4949 ms, plus ΔFWT)
        /// still fits, so a card that answers within the FWT it announced is never cut on a one-block exchange, and it
        /// is 19 times the slowest exchange of the recorded iPhone (GPO: 222 ms of S(WTX), 257 ms modelled).
        /// </summary>
        public long ExchangeLimitMicroseconds
        {
            get { return exchangeLimitMicroseconds; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                exchangeLimitMicroseconds = value;
            }
        }

        /// <summary>True between a successful <see cref="Activate"/> and <see cref="Deselect"/> or a failure.</summary>
        public bool IsActive
        {
            get { return active; }
        }

        /// <summary>The PICC's parsed ATS (valid after <see cref="Activate"/> returned <see cref="ActivationResult.Ok"/>).</summary>
        public AnswerToSelect AnswerToSelect
        {
            get { return answerToSelect; }
        }

        /// <summary>FSD in bytes (from <see cref="FrameSizeDeviceIndex"/>).</summary>
        public int FrameSizeForDevice
        {
            get { return AnswerToSelect.FrameSizeFromIndex(frameSizeDeviceIndex); }
        }

        /// <summary>FWT of the activated PICC, without ΔFWT (µs).</summary>
        public int FrameWaitingMicroseconds
        {
            get { return frameWaitingMicroseconds; }
        }

        /// <summary>Rate from reader to PICC after PPS.</summary>
        public BitRate PcdToPiccRate
        {
            get { return activation.PcdToPiccRate; }
        }

        /// <summary>Rate from PICC to reader after PPS.</summary>
        public BitRate PiccToPcdRate
        {
            get { return activation.PiccToPcdRate; }
        }

        /// <summary>True when PPS was exchanged during the last activation.</summary>
        public bool PpsUsed
        {
            get { return activation.PpsUsed; }
        }

        /// <summary>Number of S(WTX) answered during the last <see cref="Exchange"/>.</summary>
        public int LastWaitExtensionCount { get; private set; }

        /// <summary>Number of repairs (R(NAK), R(ACK) after errors, resends) during the last <see cref="Exchange"/>.</summary>
        public int LastRetransmissionCount { get; private set; }

        /// <summary>
        /// Activates the selected PICC: RATS with FSDI and CID (5.6.1.1), ATS parsing (5.2), SFGT (5.2.5), then PPS
        /// (5.3) when <see cref="MaximumBitRate"/>, TA(1) and the transceiver allow a higher rate.
        /// </summary>
        public ActivationResult Activate()
        {
            active = false;
            ActivationResult result = activation.Activate(transmitFrame, receiveFrame, ReceiveCapacity(), frameSizeDeviceIndex, FrameSizeForDevice, cid, MaximumBitRate, MaximumRetransmissions);
            if (result != ActivationResult.Ok)
            {
                return result;
            }

            frameWaitingMicroseconds = activation.FrameWaitingMicroseconds;
            blocks.CidInBlocks = answerToSelect.CidSupported && cid != 0;
            blockNumber = 0;
            active = true;
            return ActivationResult.Ok;
        }

        /// <inheritdoc />
        public ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
        {
            responseCount = 0;
            if (command == null || response == null)
            {
                throw new ArgumentNullException(command == null ? "command" : "response");
            }

            if (commandCount < 1 || commandOffset < 0 || commandOffset + commandCount > command.Length)
            {
                throw new ArgumentOutOfRangeException("commandCount");
            }

            if (responseOffset < 0 || responseCapacity < 0 || responseOffset + responseCapacity > response.Length)
            {
                throw new ArgumentOutOfRangeException("responseCapacity");
            }

            LastWaitExtensionCount = 0;
            LastRetransmissionCount = 0;
            if (!active)
            {
                return ExchangeResult.DeviceLost;
            }

            long now = clock.GetMicroseconds();
            exchangeDeadline = now + exchangeLimitMicroseconds;
            if (exchangeDeadline < now)
            {
                exchangeDeadline = long.MaxValue;
            }

            try
            {
                return RunExchange(command, commandOffset, commandCount, response, responseOffset, responseCapacity, out responseCount);
            }
            finally
            {
                exchangeDeadline = long.MaxValue;
            }
        }

        private ExchangeResult RunExchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
        {
            responseCount = 0;

            // A local: each use below then costs what a field of this class would (nanoFramework interpreter).
            IsoDepBlocks frames = blocks;
            int header = frames.CidInBlocks ? 2 : 1;
            int sendFrameLimit = answerToSelect.FrameSizeForCard - 2;
            if (sendFrameLimit > transceiver.MaximumFrameLength)
            {
                sendFrameLimit = transceiver.MaximumFrameLength;
            }

            int chunkLimit = sendFrameLimit - header;
            if (chunkLimit < 1)
            {
                return ExchangeResult.CommandTooLong;
            }

            int sent = 0;
            int informationLength = frames.BuildInformation(blockNumber, command, commandOffset, commandCount, 0, chunkLimit);
            bool sendingChain = commandCount > chunkLimit;
            bool receivingChain = false;
            int collected = 0;
            bool overflow = false;
            Array.Copy(informationFrame, 0, transmitFrame, 0, informationLength);
            int transmitLength = informationLength;
            int waitMicroseconds = frameWaitingMicroseconds;
            int repairs = 0;
            int extensions = 0;
            long extensionMicroseconds = 0;
            int capacity = ReceiveCapacity();
            TransceiveResult lastError = TransceiveResult.Ok;
            // True while the card's last frame was S(WTX): the wait under way is an extension it asked for.
            bool extending = false;

            while (true)
            {
                int timeout = TimeLeft(waitMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds);
                if (timeout <= 0)
                {
                    return Expire(extending);
                }

                int received;
                TransceiveResult link = transceiver.Transceive(transmitFrame, 0, transmitLength, receiveFrame, 0, capacity, timeout, out received);
                waitMicroseconds = frameWaitingMicroseconds;
                if (link == TransceiveResult.ChipError)
                {
                    active = false;
                    return ExchangeResult.ChipError;
                }

                int kind = link == TransceiveResult.Ok ? frames.Parse(received) : IsoDepBlocks.KindInvalid;
                if (kind == IsoDepBlocks.KindInvalid)
                {
                    if (clock.GetMicroseconds() >= exchangeDeadline)
                    {
                        // The wait ran into the exchange limit: no time is left for a repair.
                        return Expire(extending);
                    }

                    // 7.5.4 rules 4 and 5: repair with R(NAK), or R(ACK) while the PICC is chaining.
                    extending = false;
                    lastError = link == TransceiveResult.Ok ? TransceiveResult.ProtocolError : link;
                    if (++repairs > MaximumRetransmissions)
                    {
                        return Fail(lastError == TransceiveResult.NoResponse ? ExchangeResult.NoResponse : ExchangeResult.TransmissionError);
                    }

                    LastRetransmissionCount++;
                    transmitLength = frames.BuildReceiveReady(blockNumber, !receivingChain);
                    continue;
                }

                if (kind == IsoDepBlocks.KindWaitExtension)
                {
                    // 7.3: answer with the same WTXM; the next wait is FWT × WTXM, capped at FWTmax.
                    int multiplier = frames.ReceivedWaitMultiplier;
                    if (multiplier < 1 || multiplier > MaximumWaitMultiplier)
                    {
                        return Fail(ExchangeResult.ProtocolError);
                    }

                    long extended = (long)frameWaitingMicroseconds * multiplier;
                    if (extended > FrameTiming.MaximumFrameWaitingMicroseconds)
                    {
                        extended = FrameTiming.MaximumFrameWaitingMicroseconds;
                    }

                    extensions++;
                    extensionMicroseconds += extended;
                    LastWaitExtensionCount = extensions;
                    if (extensions > MaximumWaitExtensions || extensionMicroseconds > MaximumWaitExtensionMicroseconds)
                    {
                        return Fail(ExchangeResult.WaitExtensionLimit);
                    }

                    waitMicroseconds = (int)extended;
                    extending = true;
                    transmitLength = frames.BuildSupervisory(IsoDepBlocks.SWaitExtension, true, multiplier);
                    continue;
                }

                extending = false;
                extensions = 0;
                extensionMicroseconds = 0;
                if (kind == IsoDepBlocks.KindDeselect || kind == IsoDepBlocks.KindNegativeAcknowledge)
                {
                    // A PICC never sends S(DESELECT) requests nor R(NAK) (7.5.4.2).
                    return Fail(ExchangeResult.ProtocolError);
                }

                if (kind == IsoDepBlocks.KindAcknowledge)
                {
                    if (receivingChain)
                    {
                        // While the PICC chains it sends I-blocks only; an R(ACK) there is a protocol violation.
                        return Fail(ExchangeResult.ProtocolError);
                    }

                    if (frames.ReceivedBlockNumber != blockNumber)
                    {
                        // Rule 6: the PICC did not get our last I-block; send it again.
                        if (++repairs > MaximumRetransmissions)
                        {
                            return Fail(lastError == TransceiveResult.NoResponse ? ExchangeResult.NoResponse : ExchangeResult.TransmissionError);
                        }

                        LastRetransmissionCount++;
                        Array.Copy(informationFrame, 0, transmitFrame, 0, informationLength);
                        transmitLength = informationLength;
                        continue;
                    }

                    if (!sendingChain)
                    {
                        // An acknowledgement of a block we did not chain: the PICC broke the protocol.
                        return Fail(ExchangeResult.ProtocolError);
                    }

                    // Rule B and 7.5.3.2 rule 7: toggle and send the next part of the chain.
                    blockNumber ^= 1;
                    repairs = 0;
                    sent += chunkLimit;
                    informationLength = frames.BuildInformation(blockNumber, command, commandOffset, commandCount, sent, chunkLimit);
                    sendingChain = commandCount - sent > chunkLimit;
                    Array.Copy(informationFrame, 0, transmitFrame, 0, informationLength);
                    transmitLength = informationLength;
                    continue;
                }

                // An I-block.
                if (sendingChain || frames.ReceivedBlockNumber != blockNumber)
                {
                    // An I-block while we chain, or with the wrong number: not a repairable transmission error.
                    return Fail(ExchangeResult.ProtocolError);
                }

                int informationCount = received - frames.ReceivedHeaderLength;
                if (frames.ReceivedChaining && informationCount == 0)
                {
                    // A chained I-block must carry part of the response; empty ones would let a card chain forever.
                    return Fail(ExchangeResult.ProtocolError);
                }

                blockNumber ^= 1;
                repairs = 0;
                if (!overflow && collected + informationCount <= responseCapacity)
                {
                    Array.Copy(receiveFrame, frames.ReceivedHeaderLength, response, responseOffset + collected, informationCount);
                    collected += informationCount;
                }
                else
                {
                    overflow = true;
                }

                if (overflow)
                {
                    // Bounded response: we stop the session rather than keep acknowledging a chain we cannot hold.
                    responseCount = 0;
                    Fail(ExchangeResult.ResponseTooLong);
                    return ExchangeResult.ResponseTooLong;
                }

                if (frames.ReceivedChaining)
                {
                    // Rule 2: acknowledge a chained I-block with R(ACK) carrying the (toggled) current number.
                    receivingChain = true;
                    transmitLength = frames.BuildReceiveReady(blockNumber, false);
                    continue;
                }

                responseCount = collected;
                return ExchangeResult.Ok;
            }
        }

        /// <summary>
        /// Sends S(DESELECT) and waits for its answer (8; retried per 7.5.4 rule 8 up to
        /// <see cref="MaximumRetransmissions"/>), each time FWT + ΔFWT but at most FWT_DEACTIVATION
        /// (<see cref="FrameTiming.DeactivationWaitingMicroseconds"/>, ≈ 5.3 ms). The session ends whatever the PICC does.
        /// </summary>
        /// <returns>Ok when the PICC confirmed, otherwise how the last attempt failed.</returns>
        public ExchangeResult Deselect()
        {
            if (!active)
            {
                return ExchangeResult.DeviceLost;
            }

            active = false;
            ScrubFrames();
            ExchangeResult outcome = ExchangeResult.NoResponse;
            int capacity = ReceiveCapacity();
            // FWT + ΔFWT, but never more than FWT_DEACTIVATION (NFC Forum Digital Protocol 1.0, A.9).
            int wait = frameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds;
            if (wait > FrameTiming.DeactivationWaitingMicroseconds)
            {
                wait = FrameTiming.DeactivationWaitingMicroseconds;
            }

            for (int attempt = 0; attempt <= MaximumRetransmissions; attempt++)
            {
                // Inside an exchange that failed, the S(DESELECT) shares the exchange limit; without time left the
                // session is dropped unconfirmed (the reader switches the field off next).
                int timeout = TimeLeft(wait);
                if (timeout <= 0)
                {
                    break;
                }

                int length = blocks.BuildSupervisory(IsoDepBlocks.SDeselect, false, 0);
                int received;
                TransceiveResult link = transceiver.Transceive(transmitFrame, 0, length, receiveFrame, 0, capacity, timeout, out received);
                if (link == TransceiveResult.ChipError)
                {
                    return ExchangeResult.ChipError;
                }

                if (link == TransceiveResult.Ok)
                {
                    if (blocks.Parse(received) == IsoDepBlocks.KindDeselect)
                    {
                        ScrubFrames();
                        return ExchangeResult.Ok;
                    }

                    outcome = ExchangeResult.ProtocolError;
                }
                else
                {
                    outcome = link == TransceiveResult.NoResponse ? ExchangeResult.NoResponse : ExchangeResult.TransmissionError;
                }
            }

            ScrubFrames();
            return outcome;
        }

        /// <summary>
        /// Checks that the PICC of the session is still in the field without changing its state: sends R(NAK) with
        /// the current block number, which differs from the PICC's between exchanges, so the PICC answers R(ACK)
        /// (ISO/IEC 14443-4 7.5.4.2 rule 12: the R(NAK) presence check contactless readers commonly use).
        /// A PICC that resends its last block (rule 11) is there too. Retried per 7.5.4 rule 4 up to
        /// <see cref="MaximumRetransmissions"/>, each wait FWT + ΔFWT, all within <see cref="ExchangeLimitMicroseconds"/>.
        /// </summary>
        /// <returns>Ok when the PICC answered; otherwise how the last attempt failed (the session is then over).</returns>
        public ExchangeResult CheckPresence()
        {
            if (!active)
            {
                return ExchangeResult.DeviceLost;
            }

            long now = clock.GetMicroseconds();
            exchangeDeadline = now + exchangeLimitMicroseconds;
            if (exchangeDeadline < now)
            {
                exchangeDeadline = long.MaxValue;
            }

            ExchangeResult outcome = ExchangeResult.NoResponse;
            try
            {
                int capacity = ReceiveCapacity();
                for (int attempt = 0; attempt <= MaximumRetransmissions; attempt++)
                {
                    int timeout = TimeLeft(frameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds);
                    if (timeout <= 0)
                    {
                        break;
                    }

                    int length = blocks.BuildReceiveReady(blockNumber, true);
                    int received;
                    TransceiveResult link = transceiver.Transceive(transmitFrame, 0, length, receiveFrame, 0, capacity, timeout, out received);
                    if (link == TransceiveResult.ChipError)
                    {
                        active = false;
                        return ExchangeResult.ChipError;
                    }

                    if (link == TransceiveResult.Ok)
                    {
                        int kind = blocks.Parse(received);
                        if (kind == IsoDepBlocks.KindAcknowledge || kind == IsoDepBlocks.KindInformation)
                        {
                            return ExchangeResult.Ok;
                        }

                        outcome = ExchangeResult.ProtocolError;
                    }
                    else
                    {
                        outcome = link == TransceiveResult.NoResponse ? ExchangeResult.NoResponse : ExchangeResult.TransmissionError;
                    }
                }

                active = false;
                return outcome;
            }
            finally
            {
                exchangeDeadline = long.MaxValue;
            }
        }

        /// <summary>Forgets the session without any frame (the PICC left the field or the field was reset).</summary>
        public void Reset()
        {
            active = false;
            answerToSelect.Reset();
            ScrubFrames();
        }

        private void ScrubFrames()
        {
            // The frame buffers held card data (PAN, track 2, cryptograms); nothing of it may outlive the session.
            Array.Clear(transmitFrame, 0, transmitFrame.Length);
            Array.Clear(informationFrame, 0, informationFrame.Length);
            Array.Clear(receiveFrame, 0, receiveFrame.Length);
        }

        /// <summary><paramref name="wait"/> clipped to the time left before the exchange deadline (0 when none is left).</summary>
        private int TimeLeft(int wait)
        {
            long left = exchangeDeadline - clock.GetMicroseconds();
            if (left <= 0)
            {
                return 0;
            }

            return left < wait ? (int)left : wait;
        }

        /// <summary>The exchange limit ran out: the session ends without S(DESELECT), for which no time is left.</summary>
        private ExchangeResult Expire(bool extending)
        {
            active = false;
            ScrubFrames();
            return extending ? ExchangeResult.WaitExtensionLimit : ExchangeResult.NoResponse;
        }

        private ExchangeResult Fail(ExchangeResult result)
        {
            // Recovery failed (7.5.4): end the session cleanly; the PICC may already be gone, so its answer is moot.
            Deselect();
            return result;
        }

        private int ReceiveCapacity()
        {
            int capacity = FrameSizeForDevice - 2;
            if (capacity > transceiver.MaximumFrameLength)
            {
                capacity = transceiver.MaximumFrameLength;
            }

            return capacity;
        }
    }
}
