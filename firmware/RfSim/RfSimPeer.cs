using System;
using DualReader.Firmware.Nrf24;
using DualReader.Hal;

namespace DualReader.Firmware.RfSim
{
    /// <summary>States of the peer end (PROTOCOL.md 9, peer state machine).</summary>
    public enum RfSimPeerState
    {
        /// <summary>Not started.</summary>
        Off,
        /// <summary>Listening for beacons on the discovery address.</summary>
        Listening,
        /// <summary>ATTACH loaded on a slot address; waiting for the reader's first authenticated frame.</summary>
        Attached,
        /// <summary>A session is open.</summary>
        InSession,
        /// <summary>A reader frame failed authentication: every further frame gets ERROR until the idle limit.</summary>
        Failed
    }

    /// <summary>
    /// The peer (card role) end of the DualReader RF-SIM link (PROTOCOL.md): a PRX that answers the reader only in
    /// ack payloads, serving APDUs from an <see cref="IRfSimApplet"/>. <see cref="Poll"/> never blocks, so the same
    /// code runs in a loop on a board (<see cref="Run"/>) and as an event-driven virtual RF-SIM in the simulation.
    /// </summary>
    public sealed class RfSimPeer
    {
        /// <summary>ATTACH "turnaround" the reference peer announces on a board (interpreted SipHash twice per frame).</summary>
        public const int DefaultTurnaroundMicroseconds = 4000;

        /// <summary>WAIT hint sent while the applet computes (units of 100 µs on air).</summary>
        public const int WaitHintMicroseconds = 1000;

        private readonly Nrf24Driver radio;
        private readonly IClock clock;
        private readonly IRfSimApplet applet;
        private readonly IRandomSource nonces;
        private readonly RfSimKeys keys;
        private readonly byte[] frame = new byte[Nrf24Driver.MaximumPayload];
        private readonly byte[] answer = new byte[Nrf24Driver.MaximumPayload];
        private readonly byte[] address = new byte[5];
        private readonly byte[] readerId = new byte[4];
        private readonly byte[] readerNonce = new byte[8];
        private readonly byte[] peerNonce = new byte[8];
        private readonly byte[] peerId = new byte[4];
        private readonly byte[] command = new byte[RfSimProtocol.MaximumCommand];
        private readonly byte[] response = new byte[RfSimProtocol.MaximumResponse];
        private readonly byte[] random = new byte[1];

        private RfSimPeerState state = RfSimPeerState.Off;
        private int lastReaderCounter;
        private int peerCounter;
        private long sessionStart;
        private long listenSince;
        private long lastValidFrame;
        private int exchange = -1;
        private int commandLength;
        private int expectedFragment;
        private int responseLength;
        private bool commandComplete;
        private bool responseReady;

        /// <summary>A peer on <paramref name="radio"/> serving <paramref name="applet"/>, keyed with the 16-byte <paramref name="preSharedKey"/>.</summary>
        public RfSimPeer(Nrf24Driver radio, IClock clock, IRfSimApplet applet, byte[] preSharedKey, IRandomSource nonces)
        {
            if (radio == null || clock == null || applet == null || nonces == null)
            {
                throw new ArgumentNullException(radio == null ? "radio" : clock == null ? "clock" : applet == null ? "applet" : "nonces");
            }

            this.radio = radio;
            this.clock = clock;
            this.applet = applet;
            this.nonces = nonces;
            keys = new RfSimKeys(preSharedKey);
        }

        /// <summary>Minimum spacing between reader frames this peer needs, announced in ATTACH (µs, 0..25500).</summary>
        public int TurnaroundMicroseconds { get; set; } = DefaultTurnaroundMicroseconds;

        /// <summary>The current state.</summary>
        public RfSimPeerState State
        {
            get { return state; }
        }

        /// <summary>This session's peer id (4 bytes).</summary>
        public byte[] PeerId
        {
            get { return peerId; }
        }

        /// <summary>Reader frames rejected for MAC, counter or replay.</summary>
        public int SecurityRejections { get; private set; }

        /// <summary>APDUs the applet processed.</summary>
        public int ApdusProcessed { get; private set; }

        /// <summary>
        /// The next time (µs) at which <see cref="Poll"/> has something to do without an interrupt (a session limit),
        /// or <see cref="long.MaxValue"/>.
        /// </summary>
        public long NextDeadlineMicroseconds
        {
            get
            {
                if (state == RfSimPeerState.Off)
                {
                    return long.MaxValue;
                }

                if (state == RfSimPeerState.Listening)
                {
                    // The radio set-up is written again after every idle limit without a session: a write lost to a
                    // glitch (PRIM_RX, the address, EN_RXADDR) would otherwise leave the peer deaf for good.
                    return listenSince + RfSimProtocol.IdleLimitMicroseconds;
                }

                long idle = lastValidFrame + RfSimProtocol.IdleLimitMicroseconds;
                long total = sessionStart + RfSimProtocol.SessionLimitMicroseconds;
                return idle < total ? idle : total;
            }
        }

        /// <summary>Configures the radio (detects the chip; throws when absent) and starts listening for beacons.</summary>
        public void Start()
        {
            Nrf24Settings settings = RfSimProtocol.RadioSettings();
            radio.Configure(settings);
            Listen();
        }

        /// <summary>Powers the radio down (the device left).</summary>
        public void Stop()
        {
            radio.PowerDown();
            keys.Clear();
            state = RfSimPeerState.Off;
        }

        /// <summary>Board loop: waits on the IRQ line (bounded, so that session limits are checked) and polls, forever.</summary>
        public void Run()
        {
            while (true)
            {
                radio.WaitForInterrupt(50000);
                Poll();
            }
        }

        /// <summary>Handles every received frame and the session limits; returns at once when there is nothing to do.</summary>
        public void Poll()
        {
            if (state == RfSimPeerState.Off)
            {
                return;
            }

            long now = clock.GetMicroseconds();
            if (now >= NextDeadlineMicroseconds && (state != RfSimPeerState.Listening || !radio.InterruptPending))
            {
                Listen();
                return;
            }

            if (!radio.InterruptPending)
            {
                return;
            }

            radio.ClearInterrupts();
            int guard = 0;
            while (guard++ < 3)
            {
                int length;
                int pipe;
                Nrf24ReceiveResult result = radio.TryReceive(frame, 0, out length, out pipe);
                if (result == Nrf24ReceiveResult.Empty)
                {
                    break;
                }

                if (result != Nrf24ReceiveResult.Received)
                {
                    break; // the RX FIFO was flushed after an impossible width
                }

                // RPD is latched by the packet just received (PS 6.4); reading it also refreshes STATUS.
                bool near = radio.ReadReceivedPowerDetector();
                Handle(pipe, length, near);
            }
        }

        private void Listen()
        {
            keys.Clear();
            state = RfSimPeerState.Listening;
            listenSince = clock.GetMicroseconds();
            radio.StopListening();
            radio.FlushTransmit();
            radio.FlushReceive();
            RfSimProtocol.WriteDiscoveryAddress(address, 0);
            radio.SetTransmitAddress(address, 0); // RX_ADDR_P0: the discovery address

            // Only pipe 0 while listening: an old slot address on pipe 1 would ack (and collide with) another
            // peer's session on that slot.
            radio.WriteRegister(Nrf24Register.EN_RXADDR, 0x01);
            radio.StartListening();
        }

        private void Handle(int pipe, int length, bool near)
        {
            byte type = (byte)(frame[RfSimFrameCodec.TypeOffset] & 0xF0);
            if (type == RfSimProtocol.TypeBeacon)
            {
                // PROTOCOL.md 5: a BEACON of another length, version or slot count (1..4) is not answered.
                if (pipe == 0 && RfSimFrameCodec.IsBeacon(frame, length) && state != RfSimPeerState.InSession)
                {
                    Attach(near);
                }

                return;
            }

            if (pipe != 1 || type == RfSimProtocol.TypeSlotPoll || state == RfSimPeerState.Listening)
            {
                return; // the ATTACH already rode on the slot poll's ack
            }

            if (state == RfSimPeerState.Failed)
            {
                LoadError(RfSimProtocol.ErrorSecurity, near);
                return;
            }

            // PROTOCOL.md 6 and 7.3.1: a short frame, a bad tag or a counter not above the last fails alike.
            int counter = RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, lastReaderCounter);
            if (counter < 0)
            {
                SecurityRejections++;
                state = RfSimPeerState.Failed;
                LoadError(RfSimProtocol.ErrorSecurity, near);
                return;
            }

            lastReaderCounter = counter;
            lastValidFrame = clock.GetMicroseconds();
            state = RfSimPeerState.InSession;
            if (type == RfSimProtocol.TypeEnd)
            {
                Listen();
                return;
            }

            if (length < RfSimFrameCodec.SessionOverhead)
            {
                // A CMD or PULL body shorter than 2 bytes (PROTOCOL.md 7.3.1).
                LoadError(RfSimProtocol.ErrorProtocol, near);
                return;
            }

            int e = frame[RfSimFrameCodec.ExchangeOffset];
            int index = frame[RfSimFrameCodec.IndexOffset];
            if (type == RfSimProtocol.TypeCommand)
            {
                HandleCommand(e, index, length - RfSimFrameCodec.SessionOverhead, near);
            }
            else if (type == RfSimProtocol.TypePull)
            {
                if (e == exchange && responseReady && index >= RfSimFrameCodec.FragmentCount(responseLength))
                {
                    // PULL past the last fragment (PROTOCOL.md 7.2): the reader pipelines one PULL beyond what it has
                    // asked for before it knows where the response ends; this frame's ack already carries the last
                    // fragment. Loading it again would leave a stale copy in the TX FIFO that rides on the ack of the
                    // next exchange's first command, costing the reader a payload read (2 SPI calls) for nothing.
                }
                else if (e == exchange && responseReady)
                {
                    LoadResponse(index, near);
                }
                else if (e == exchange && !commandComplete)
                {
                    // PROTOCOL.md 7.2: the command is incomplete; tell the reader which fragment is missing.
                    LoadCommandAck(exchange, expectedFragment, near);
                }
                else if (e == exchange)
                {
                    LoadWait(near);
                }
                else
                {
                    LoadError(RfSimProtocol.ErrorProtocol, near);
                }
            }
            else
            {
                LoadError(RfSimProtocol.ErrorProtocol, near);
            }
        }

        private void HandleCommand(int e, int index, int count, bool near)
        {
            bool more = (frame[RfSimFrameCodec.TypeOffset] & RfSimProtocol.FlagMore) != 0;
            if (e != exchange)
            {
                if (index != 0)
                {
                    LoadCommandAck(e, 0, near);
                    return;
                }

                exchange = e;
                commandLength = 0;
                expectedFragment = 0;
                commandComplete = false;
                responseReady = false;
            }

            if (commandComplete)
            {
                // The reader repeated the last fragment (PROTOCOL.md 7.1): do not run the applet twice.
                if (responseReady)
                {
                    LoadResponse(0, near);
                }
                else
                {
                    LoadWait(near);
                }

                return;
            }

            if (index != expectedFragment)
            {
                LoadCommandAck(e, expectedFragment, near); // duplicate or gap: NAK with what we need
                return;
            }

            if (commandLength + count > command.Length)
            {
                LoadError(RfSimProtocol.ErrorCommandTooLong, near);
                return;
            }

            Array.Copy(frame, RfSimFrameCodec.DataOffset, command, commandLength, count);
            commandLength += count;
            expectedFragment++;
            if (more)
            {
                LoadCommandAck(e, expectedFragment, near);
                return;
            }

            // Answer first with WAIT (it rides on the next ack), then compute.
            commandComplete = true;
            LoadWait(near);
            responseLength = applet.Process(command, 0, commandLength, response, 0, response.Length);
            responseReady = true;
            ApdusProcessed++;
        }

        private void Attach(bool near)
        {
            int slots = RfSimFrameCodec.ReadBeacon(frame, readerId, readerNonce);
            nonces.NextBytes(peerNonce, 0, 8);
            nonces.NextBytes(peerId, 0, 4);
            nonces.NextBytes(random, 0, 1);
            int slot = random[0] % slots;
            keys.Derive(readerId, 0, peerId, 0, readerNonce, 0, peerNonce, 0);

            // The ATTACH names the BEACON it answers (Nr bytes 0..3, PROTOCOL.md 3.1 and 5), under the tag: when the
            // reader's next BEACON is lost, this ATTACH may still go out on a later SLOT_POLL, and the reader must see
            // that it is stale rather than forged.
            int attachLength = RfSimFrameCodec.WriteAttach(answer, near, slot, peerId, peerNonce, TurnaroundMicroseconds, readerNonce, keys.PeerToReader0, keys.PeerToReader1);

            radio.StopListening();
            radio.FlushTransmit();
            RfSimProtocol.WriteSlotAddress(slot, address, 0);
            radio.SetReceiveAddress(address, 0);
            radio.WriteRegister(Nrf24Register.EN_RXADDR, 0x03);
            radio.WriteAckPayload(1, answer, 0, attachLength);
            radio.StartListening();

            state = RfSimPeerState.Attached;
            lastReaderCounter = 0;
            peerCounter = 0;
            exchange = -1;
            commandComplete = false;
            responseReady = false;
            sessionStart = clock.GetMicroseconds();
            lastValidFrame = sessionStart;
            applet.Reset();
        }

        private void LoadResponse(int index, bool near)
        {
            int fragments = RfSimFrameCodec.FragmentCount(responseLength);
            if (index >= fragments)
            {
                index = fragments - 1;
            }

            if (CounterExhausted())
            {
                return;
            }

            int offset = index * RfSimProtocol.ResponseFragment;
            int count = responseLength - offset < RfSimProtocol.ResponseFragment ? responseLength - offset : RfSimProtocol.ResponseFragment;
            bool more = index < fragments - 1;
            int length = RfSimFrameCodec.WriteResponse(answer, more, near, exchange, index, response, offset, count, ++peerCounter, keys.PeerToReader0, keys.PeerToReader1);
            radio.WriteAckPayload(1, answer, 0, length);
        }

        private void LoadWait(bool near)
        {
            if (!CounterExhausted())
            {
                int length = RfSimFrameCodec.WriteWait(answer, near, exchange, WaitHintMicroseconds, ++peerCounter, keys.PeerToReader0, keys.PeerToReader1);
                radio.WriteAckPayload(1, answer, 0, length);
            }
        }

        private void LoadCommandAck(int e, int next, bool near)
        {
            if (!CounterExhausted())
            {
                int length = RfSimFrameCodec.WriteCommandAck(answer, near, e, next, ++peerCounter, keys.PeerToReader0, keys.PeerToReader1);
                radio.WriteAckPayload(1, answer, 0, length);
            }
        }

        private void LoadError(byte code, bool near)
        {
            if (!CounterExhausted())
            {
                int length = RfSimFrameCodec.WriteError(answer, near, code, ++peerCounter, keys.PeerToReader0, keys.PeerToReader1);
                radio.WriteAckPayload(1, answer, 0, length);
            }
        }

        /// <summary>
        /// True, and back to listening, when the next frame would need a counter of 0xFFF0 or more (PROTOCOL.md 6:
        /// counters never wrap nor reach it). Only a flood of reader frames in one session (ERROR answers in Failed)
        /// gets here; the session ends without an answer.
        /// </summary>
        private bool CounterExhausted()
        {
            if (peerCounter + 1 >= RfSimProtocol.CounterLimit)
            {
                Listen();
                return true;
            }

            return false;
        }
    }
}
