using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Nrf24;
using DualReader.Hal;

namespace DualReader.Firmware.RfSim
{
    /// <summary>
    /// The reader end of the DualReader RF-SIM link (PROTOCOL.md): discovery with beacons and attach slots, the
    /// proximity gate, authenticated APDU transport over Enhanced ShockBurst with answers riding in ack payloads,
    /// and the end of session. Implements <see cref="IApduChannel"/>, so the EMV/PBOC flow runs over it unchanged.
    /// </summary>
    /// <remarks>The reader always transmits first; the peer only ever answers in ack payloads (PROTOCOL.md 4).</remarks>
    public sealed class RfSimReader : IApduChannel
    {
        /// <summary>Beacon window slots (PROTOCOL.md 5).</summary>
        public const int SlotCount = 4;

        /// <summary>
        /// Time the reader leaves peers between BEACON and the first SLOT_POLL (PROTOCOL.md 5): a board peer derives
        /// keys and tags its ATTACH with five interpreted SipHash calls (estimated 1-2 ms each).
        /// </summary>
        public const int DefaultSlotDelayMilliseconds = 15;

        /// <summary>Consecutive packets without an ESB ack after which the peer is considered gone.</summary>
        public const int MaximumConsecutiveLost = 4;

        /// <summary>Waiting-time extensions allowed per exchange.</summary>
        public const int MaximumWaits = 50;

        /// <summary>NAKs of command fragments allowed per exchange.</summary>
        public const int MaximumNaks = 8;

        /// <summary>Time an exchange may take before it ends with NoResponse.</summary>
        public const int ExchangeLimitMicroseconds = 1000000;

        /// <summary>The answer on the next ack is about a PULL (see <c>answered</c> in Run).</summary>
        private const int AnsweredPull = -2;

        /// <summary>It is not known which frame the answer on the next ack is about.</summary>
        private const int AnsweredUnknown = -1;

        /// <summary>Pause after an ack that carried nothing (the peer has not answered yet).</summary>
        public const int PollIntervalMicroseconds = 300;

        private readonly Nrf24Driver radio;
        private readonly IClock clock;
        private readonly IRandomSource nonces;
        private readonly RfSimKeys keys;
        private readonly byte[] readerId = new byte[4];
        private readonly byte[] readerNonce = new byte[8];
        private readonly byte[] peerNonce = new byte[8];
        private readonly byte[] peerId = new byte[4];
        private readonly byte[] candidatePeerId = new byte[4];
        private readonly byte[] candidateNonce = new byte[8];
        private readonly byte[] frame = new byte[Nrf24Driver.MaximumPayload];
        private readonly byte[] ack = new byte[Nrf24Driver.MaximumPayload];
        private readonly byte[] address = new byte[5];
        private readonly bool[] receivedFragments = new bool[RfSimProtocol.MaximumResponse / RfSimProtocol.ResponseFragment + 1];
        private int firstMissing;

        private int slotDelayMilliseconds = DefaultSlotDelayMilliseconds;
        private bool sessionActive;
        private int sessionSlot;
        private int turnaroundMicroseconds;
        private int readerCounter;
        private int lastPeerCounter;
        private byte exchangeNumber;
        private long sessionStart;
        private long lastValidFrame;

        /// <summary>
        /// A reader on <paramref name="radio"/>, authenticating peers with the 16-byte
        /// <paramref name="preSharedKey"/> and naming itself with the 4-byte <paramref name="readerIdentity"/>.
        /// </summary>
        public RfSimReader(Nrf24Driver radio, IClock clock, byte[] preSharedKey, byte[] readerIdentity, IRandomSource nonces)
        {
            if (radio == null || clock == null || nonces == null)
            {
                throw new ArgumentNullException(radio == null ? "radio" : clock == null ? "clock" : "nonces");
            }

            if (readerIdentity == null || readerIdentity.Length != 4)
            {
                throw new ArgumentException("the reader identity has 4 bytes");
            }

            this.radio = radio;
            this.clock = clock;
            this.nonces = nonces;
            keys = new RfSimKeys(preSharedKey);
            Array.Copy(readerIdentity, readerId, 4);
        }

        /// <summary>Delay between BEACON and the first SLOT_POLL, announced in the beacon (ms, 0..255: one byte, PROTOCOL.md 3.1).</summary>
        public int SlotDelayMilliseconds
        {
            get { return slotDelayMilliseconds; }
            set
            {
                if (value < 0 || value > 255)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                slotDelayMilliseconds = value;
            }
        }

        /// <summary>True while a session is open.</summary>
        public bool SessionActive
        {
            get { return sessionActive; }
        }

        /// <summary>The attached peer's per-session id (4 bytes), the record's "uid"; valid after <see cref="Discover"/>.</summary>
        public byte[] PeerId
        {
            get { return peerId; }
        }

        /// <summary>Peers that sent a valid ATTACH in the last window.</summary>
        public int LastWindowAttachCount { get; private set; }

        /// <summary>
        /// ATTACH frames in the last window that named an earlier BEACON (their beacon id is not this window's Nr):
        /// stale answers after a lost BEACON, or replays. They count as empty slots (PROTOCOL.md 5).
        /// </summary>
        public int LastWindowStaleCount { get; private set; }

        /// <summary>ATTACH frames in the last window that named this BEACON but failed their tag (SecurityError).</summary>
        public int LastWindowForgedCount { get; private set; }

        /// <summary>ESB packets sent in the last exchange (retransmissions by the chip not counted).</summary>
        public int LastExchangePackets { get; private set; }

        /// <summary>SPI frames of the last exchange.</summary>
        public int LastExchangeSpiTransfers { get; private set; }

        /// <summary>Configures the radio as PTX with the link settings (detects the chip; throws when absent).</summary>
        public void Start()
        {
            radio.Configure(RfSimProtocol.RadioSettings());
        }

        /// <summary>
        /// One beacon window (PROTOCOL.md 5): BEACON to the discovery address, then a SLOT_POLL per slot. Exactly one
        /// valid, near ATTACH opens a session; two or more are a collision. An ATTACH naming an earlier BEACON is stale
        /// (<see cref="LastWindowStaleCount"/>) and counts as an empty slot; SecurityError means an ATTACH named this
        /// BEACON and failed its tag.
        /// </summary>
        public RfSimDiscoveryResult Discover()
        {
            EndSession();
            nonces.NextBytes(readerNonce, 0, 8);
            int length = RfSimFrameCodec.WriteBeacon(frame, readerId, readerNonce, SlotCount, slotDelayMilliseconds);
            RfSimProtocol.WriteDiscoveryAddress(address, 0);
            radio.SetTransmitAddress(address, 0);
            int ackLength;
            Nrf24SendResult sent = radio.Send(frame, 0, length, false, ack, 0, out ackLength);
            if (sent == Nrf24SendResult.ChipTimeout)
            {
                return RfSimDiscoveryResult.ChipError;
            }

            // Peers need this long to derive keys and load their ATTACH; nothing on air can signal it.
            clock.Delay(slotDelayMilliseconds * 1000);

            int valid = 0;
            int forged = 0;
            int stale = 0;
            bool near = false;

            // The SLOT_POLLs differ only in their slot byte: the frame is built once (one call per window, not per slot).
            length = RfSimFrameCodec.WriteSlotPoll(frame, 0, readerId);
            for (int slot = 0; slot < SlotCount; slot++)
            {
                RfSimProtocol.WriteSlotAddress(slot, address, 0);
                radio.SetTransmitAddress(address, 0);
                frame[RfSimFrameCodec.SlotPollSlotOffset] = (byte)slot;
                sent = radio.Send(frame, 0, length, true, ack, 0, out ackLength);
                if (sent == Nrf24SendResult.ChipTimeout)
                {
                    return RfSimDiscoveryResult.ChipError;
                }

                if (sent != Nrf24SendResult.Sent || !RfSimFrameCodec.IsAttach(ack, ackLength, slot))
                {
                    continue;
                }

                if (!RfSimFrameCodec.AnswersBeacon(ack, readerNonce))
                {
                    // An ATTACH built for an earlier BEACON (PROTOCOL.md 5, step 4): our BEACON was lost and the peer's
                    // answer to the previous one was still in its TX FIFO, or an old ATTACH was replayed. It was keyed
                    // with another Nr, so its tag cannot be checked here and it cannot open a session: not a peer in
                    // this window, and not evidence of a forgery.
                    stale++;
                    continue;
                }

                int turnaround = RfSimFrameCodec.ReadAttach(ack, candidatePeerId, candidateNonce);
                keys.Derive(readerId, 0, candidatePeerId, 0, readerNonce, 0, candidateNonce, 0);
                if (!RfSimFrameCodec.VerifyAttach(ack, keys.PeerToReader0, keys.PeerToReader1))
                {
                    // It claims to answer this BEACON but its tag fails for this BEACON's keys: wrong key or forgery.
                    forged++;
                    continue;
                }

                valid++;
                if (valid == 1)
                {
                    sessionSlot = slot;
                    near = (ack[RfSimFrameCodec.TypeOffset] & RfSimProtocol.FlagNear) != 0;
                    turnaroundMicroseconds = turnaround;
                    Array.Copy(candidatePeerId, peerId, 4);
                    Array.Copy(candidateNonce, peerNonce, 8);
                }
            }

            LastWindowAttachCount = valid;
            LastWindowStaleCount = stale;
            LastWindowForgedCount = forged;
            if (valid > 1)
            {
                keys.Clear();
                return RfSimDiscoveryResult.Collision;
            }

            if (valid == 0)
            {
                keys.Clear();
                return forged > 0 ? RfSimDiscoveryResult.SecurityError : RfSimDiscoveryResult.NoPeer;
            }

            if (!near)
            {
                keys.Clear();
                return RfSimDiscoveryResult.TooFar;
            }

            keys.Derive(readerId, 0, peerId, 0, readerNonce, 0, peerNonce, 0);
            RfSimProtocol.WriteSlotAddress(sessionSlot, address, 0);
            radio.SetTransmitAddress(address, 0);
            sessionActive = true;
            readerCounter = 0;
            lastPeerCounter = 0;
            exchangeNumber = 0;
            sessionStart = clock.GetMicroseconds();
            lastValidFrame = sessionStart;
            return RfSimDiscoveryResult.Attached;
        }

        /// <summary>Sends END (reason 0) when a session is open and forgets the session keys.</summary>
        public void EndSession()
        {
            if (sessionActive && readerCounter + 1 < RfSimProtocol.CounterLimit)
            {
                int length = RfSimFrameCodec.WriteEnd(frame, 0, ++readerCounter, keys.ReaderToPeer0, keys.ReaderToPeer1);
                int ackLength;
                radio.Send(frame, 0, length, true, ack, 0, out ackLength);
            }

            Drop();
        }

        private void Drop()
        {
            sessionActive = false;
            keys.Clear();
        }

        /// <inheritdoc />
        public ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
        {
            responseCount = 0;
            if (command == null || response == null || commandCount <= 0 || commandOffset < 0 || commandOffset + commandCount > command.Length
                || responseOffset < 0 || responseCapacity < 0 || responseOffset + responseCapacity > response.Length)
            {
                throw new ArgumentOutOfRangeException("commandCount");
            }

            if (!sessionActive)
            {
                return ExchangeResult.DeviceLost;
            }

            if (commandCount > RfSimProtocol.MaximumCommand)
            {
                return ExchangeResult.CommandTooLong;
            }

            int spiAtStart = radio.SpiTransfers;
            LastExchangePackets = 0;
            ExchangeResult result = Run(command, commandOffset, commandCount, response, responseOffset, responseCapacity, out responseCount);
            LastExchangeSpiTransfers = radio.SpiTransfers - spiAtStart;
            return result;
        }

        private ExchangeResult Run(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
        {
            responseCount = 0;
            exchangeNumber++;
            int fragments = RfSimFrameCodec.FragmentCount(commandCount);
            int nextFragment = 0;
            int previousRequest = -1;
            int lastIndex = -1;
            int lastLength = 0;
            int lost = 0;
            int waits = 0;
            int naks = 0;

            // What the peer's answer on the next ack is about (PROTOCOL.md 4 and 7.1): the frame before it, when that
            // frame reached the peer (its ESB ack came) and its answer is known to be the next one loaded. A CMD
            // fragment index, AnsweredPull, or AnsweredUnknown (no such frame yet in this exchange, MAX_RT, an ack
            // without payload, or a frame sent before a re-send began).
            int answered = AnsweredUnknown;
            Array.Clear(receivedFragments, 0, receivedFragments.Length);
            firstMissing = 0;

            long start = clock.GetMicroseconds();

            // When the previous and the current frame had their acks (PROTOCOL.md 7.4: pauses count from the frame
            // the peer is reacting to, not from when the reader looked at the ack).
            long previousFrameAt = start;
            long frameAt = start;
            while (true)
            {
                long now = clock.GetMicroseconds();
                // PROTOCOL.md 6: no frame may carry a counter of 0xFFF0 or more, and END needs the last one.
                if (now - sessionStart > RfSimProtocol.SessionLimitMicroseconds || now - lastValidFrame > RfSimProtocol.IdleLimitMicroseconds || readerCounter + 2 >= RfSimProtocol.CounterLimit)
                {
                    EndSession();
                    return ExchangeResult.DeviceLost;
                }

                if (now - start > ExchangeLimitMicroseconds)
                {
                    return ExchangeResult.NoResponse;
                }

                int request;
                int length;
                bool isCommand = nextFragment < fragments;
                int sending = isCommand ? nextFragment : AnsweredPull;
                if (isCommand)
                {
                    int offset = nextFragment * RfSimProtocol.CommandFragment;
                    int count = commandCount - offset < RfSimProtocol.CommandFragment ? commandCount - offset : RfSimProtocol.CommandFragment;
                    bool more = nextFragment < fragments - 1;
                    length = RfSimFrameCodec.WriteCommand(frame, more, exchangeNumber, nextFragment, command, commandOffset + offset, count, ++readerCounter, keys.ReaderToPeer0, keys.ReaderToPeer1);
                    request = more ? -1 : 0;
                }
                else
                {
                    request = ChooseRequest(previousRequest, lastIndex);
                    length = RfSimFrameCodec.WritePull(frame, exchangeNumber, request, ++readerCounter, keys.ReaderToPeer0, keys.ReaderToPeer1);
                }

                int ackLength;
                LastExchangePackets++;
                Nrf24SendResult sent = radio.Send(frame, 0, length, true, ack, 0, out ackLength);
                if (sent == Nrf24SendResult.ChipTimeout)
                {
                    Drop();
                    return ExchangeResult.ChipError;
                }

                previousFrameAt = frameAt;
                frameAt = clock.GetMicroseconds();
                if (sent == Nrf24SendResult.MaxRetransmits)
                {
                    // The frame may or may not have arrived: resend the same fragment (a new frame, new counter),
                    // re-choose the pull. Whether the next ack answers this frame or the one before is unknown.
                    previousRequest = -1;
                    answered = AnsweredUnknown;
                    if (++lost >= MaximumConsecutiveLost)
                    {
                        Drop();
                        return ExchangeResult.DeviceLost;
                    }

                    continue;
                }

                lost = 0;
                if (isCommand)
                {
                    nextFragment++;
                }

                previousRequest = request;

                // The answer on this ack is about the frame before (one packet late, PROTOCOL.md 4); the answer to
                // this frame comes on the next ack.
                int about = answered;
                answered = sending;
                if (ackLength == 0)
                {
                    // Nothing was loaded: the peer has not answered the previous frame yet, so the next ack may carry
                    // that answer rather than this frame's.
                    answered = AnsweredUnknown;
                    // The peer has not answered yet; no status bit can tell when it will (PROTOCOL.md 7). It reacts to
                    // this frame, so its time counts from this frame's ack.
                    WaitUntil(frameAt + (turnaroundMicroseconds > PollIntervalMicroseconds ? turnaroundMicroseconds : PollIntervalMicroseconds));
                    continue;
                }

                // PROTOCOL.md 6 and 8.1: length, tag, strictly increasing counter, then the proximity flag.
                int counter = RfSimFrameCodec.Open(ack, ackLength, RfSimFrameCodec.MinimumPeerFrame, keys.PeerToReader0, keys.PeerToReader1, lastPeerCounter);
                if (counter < 0)
                {
                    Drop();
                    return counter == RfSimFrameCodec.BadLength ? ExchangeResult.ProtocolError : ExchangeResult.SecurityError;
                }

                lastPeerCounter = counter;
                if ((ack[RfSimFrameCodec.TypeOffset] & RfSimProtocol.FlagNear) == 0)
                {
                    Drop();
                    return ExchangeResult.SecurityError; // the proximity gate: the peer did not see RPD
                }

                lastValidFrame = clock.GetMicroseconds();
                byte type = (byte)(ack[RfSimFrameCodec.TypeOffset] & 0xF0);
                bool current = ack[RfSimFrameCodec.ExchangeOffset] == exchangeNumber;
                if (type == RfSimProtocol.TypeResponse && current)
                {
                    int index = ack[RfSimFrameCodec.IndexOffset];
                    int dataLength = ackLength - RfSimFrameCodec.SessionOverhead;
                    int position = index * RfSimProtocol.ResponseFragment;
                    if (index >= receivedFragments.Length || dataLength < 0 || dataLength > RfSimProtocol.ResponseFragment)
                    {
                        Drop();
                        return ExchangeResult.ProtocolError;
                    }

                    if (position + dataLength > responseCapacity)
                    {
                        return ExchangeResult.ResponseTooLong;
                    }

                    Array.Copy(ack, RfSimFrameCodec.DataOffset, response, responseOffset + position, dataLength);
                    receivedFragments[index] = true;
                    if ((ack[RfSimFrameCodec.TypeOffset] & RfSimProtocol.FlagMore) == 0)
                    {
                        lastIndex = index;
                        lastLength = dataLength;
                    }

                    if (lastIndex >= 0 && AllReceived(lastIndex))
                    {
                        responseCount = lastIndex * RfSimProtocol.ResponseFragment + lastLength;
                        return ExchangeResult.Ok;
                    }
                }
                else if (type == RfSimProtocol.TypeWait && current)
                {
                    if (++waits > MaximumWaits)
                    {
                        return ExchangeResult.WaitExtensionLimit;
                    }

                    // The peer asked for time (PROTOCOL.md 7, WAIT): a protocol wait, not a chip status. The WAIT rides on
                    // this frame's ack but was loaded when the peer took the previous frame (pipelining, 7.3): the
                    // hint counts from there, so time the reader already spent is not waited twice.
                    WaitUntil(previousFrameAt + (ack[RfSimFrameCodec.IndexOffset] * 100));
                }
                else if (type == RfSimProtocol.TypeCommandAck && current)
                {
                    // PROTOCOL.md 7.1: a re-send only when "next" shows a fragment the peer did not get. In the normal
                    // flow CMD_ACK(e, g + 1) answers fragment g while fragment g + 1 is already on its way: comparing
                    // "next" with the fragment this frame carried would re-send every fragment once.
                    int expected = ack[RfSimFrameCodec.IndexOffset];
                    if (expected < fragments && ((about >= 0 && expected <= about) || about == AnsweredPull))
                    {
                        if (++naks > MaximumNaks)
                        {
                            return ExchangeResult.TransmissionError;
                        }

                        nextFragment = expected;

                        // This frame went out before the re-send: its answer shows the same gap again.
                        answered = AnsweredUnknown;
                    }
                }
                else if (type == RfSimProtocol.TypeError)
                {
                    Drop();
                    int code = ack[RfSimFrameCodec.ErrorCodeOffset];
                    return code == RfSimProtocol.ErrorSecurity ? ExchangeResult.SecurityError : code == RfSimProtocol.ErrorCommandTooLong ? ExchangeResult.CommandTooLong : ExchangeResult.ProtocolError;
                }

                if (turnaroundMicroseconds > 0)
                {
                    // The peer's announced time to take this frame and load its answer (ATTACH byte 15).
                    WaitUntil(frameAt + turnaroundMicroseconds);
                }
            }
        }

        /// <summary>Lets time pass until <paramref name="deadline"/> (nothing when it has passed already).</summary>
        private void WaitUntil(long deadline)
        {
            long remaining = deadline - clock.GetMicroseconds();
            if (remaining > 0)
            {
                clock.Delay((int)remaining);
            }
        }

        /// <summary>
        /// The fragment to ask for: the lowest one missing, unless it was asked for by the previous frame (its answer
        /// rides on this frame's ack), then the next missing one after it (PROTOCOL.md 7, pipelining).
        /// </summary>
        private int ChooseRequest(int previousRequest, int lastIndex)
        {
            bool[] received = receivedFragments;
            int limit = lastIndex >= 0 ? lastIndex : received.Length - 1;
            int lowest = -1;
            for (int i = SkipReceived(); i <= limit; i++)
            {
                if (!received[i])
                {
                    if (lowest < 0)
                    {
                        lowest = i;
                        if (i != previousRequest)
                        {
                            return i;
                        }
                    }
                    else
                    {
                        return i;
                    }
                }
            }

            return lowest < 0 ? 0 : lowest;
        }

        private bool AllReceived(int lastIndex)
        {
            return SkipReceived() > lastIndex;
        }

        /// <summary>
        /// Moves <see cref="firstMissing"/> past the fragments received and returns it. Received fragments stay
        /// received for the exchange, so no scan needs to look below it again (scans from 0 on every PULL made an
        /// answer's cost grow with the square of its fragments on the interpreter).
        /// </summary>
        private int SkipReceived()
        {
            bool[] received = receivedFragments;
            int index = firstMissing;
            while (index < received.Length && received[index])
            {
                index++;
            }

            firstMissing = index;
            return index;
        }
    }
}
