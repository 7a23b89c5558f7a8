using System;
using DualReader.Firmware.Nrf24;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// The radio side of the nRF24L01+ model (Product Specification v1.0, "PS" below): the operational modes and
    /// their timings (6.1), Enhanced ShockBurst on the <see cref="AirMedium"/> (7: PID, auto-ack, ack payloads, auto
    /// retransmit, duplicate detection), RPD (6.4), the interrupt flags of STATUS and the IRQ line (8.4, 9.1).
    /// <see cref="Nrf24Model"/> drives it from the SPI commands; it reads the settings from the same
    /// <see cref="Nrf24RegisterFile"/> and moves payloads through the same FIFOs.
    /// </summary>
    internal sealed class Nrf24Esb
    {
        private const int Pipes = 6;

        private readonly Nrf24Model chip;
        private readonly VirtualClock clock;
        private readonly AirMedium medium;
        private readonly SimOutputPin chipEnable;
        private readonly SimInputPin irq;
        private readonly Nrf24RegisterFile registers;
        private readonly Nrf24PayloadFifo tx;
        private readonly Nrf24PayloadFifo rx;

        // PRX: per pipe, the PID and CRC of the last packet (duplicate detection, PS 7.4.2) and the TX FIFO index of
        // the ack payload that went out with it (-1: none).
        private readonly int[] lastPid = new int[Pipes];
        private readonly int[] lastCrc = new int[Pipes];
        private readonly int[] ackInFlight = new int[Pipes];

        private readonly AirPacket outgoing = new AirPacket();
        private readonly AirPacket ackPacket = new AirPacket();
        private AirPacket pendingAck;
        private readonly byte[] pendingAckPayload = new byte[Nrf24PayloadFifo.PayloadSize];
        private int pendingAckLength;

        private Nrf24ModelState state = Nrf24ModelState.PowerDown;
        private long eventAt = VirtualClock.Never;
        private long chipEnableRoseAt;
        private bool transmitting;
        private bool packetIsRetransmission;
        private bool reuse;
        private int pid;
        private int retransmits;
        private int lostPackets;
        private bool rpd;
        private int matchedPipe;

        /// <summary>The radio of <paramref name="chip"/> (the sender named in its packets).</summary>
        internal Nrf24Esb(Nrf24Model chip, VirtualClock clock, AirMedium medium, SimOutputPin chipEnable, SimInputPin irq, Nrf24RegisterFile registers, Nrf24PayloadFifo tx, Nrf24PayloadFifo rx)
        {
            this.chip = chip;
            this.clock = clock;
            this.medium = medium;
            this.chipEnable = chipEnable;
            this.irq = irq;
            this.registers = registers;
            this.tx = tx;
            this.rx = rx;
            for (int i = 0; i < Pipes; i++)
            {
                lastPid[i] = -1;
                ackInFlight[i] = -1;
            }

            chipEnable.Changed += OnChipEnableChanged;
        }

        internal bool Si24R1 { get; set; }

        internal int LoseNextReceivedPackets { get; set; }

        internal int ReceivedPacketsLost { get; private set; }

        internal Nrf24ModelState State
        {
            get { return state; }
        }

        internal long NextEventMicroseconds
        {
            get { return eventAt; }
        }

        /// <summary>REUSE_TX_PL is active (FIFO_STATUS TX_REUSE).</summary>
        internal bool Reuse
        {
            get { return reuse; }
            set { reuse = value; }
        }

        /// <summary>OBSERVE_TX (PS 9.1 reg 08): PLOS_CNT and ARC_CNT.</summary>
        internal byte ObserveTransmit
        {
            get { return (byte)((lostPackets << 4) | (retransmits & 0x0F)); }
        }

        /// <summary>RPD (PS 6.4), latched by the last valid packet received.</summary>
        internal bool ReceivedPowerDetector
        {
            get { return rpd; }
        }

        internal int OutputPowerDbm
        {
            get { return registers.OutputPowerDbm(Si24R1); }
        }

        /// <summary>PS 7.4.2: PLOS_CNT resets when RF_CH is written.</summary>
        internal void ResetLostPackets()
        {
            lostPackets = 0;
        }

        internal void AdvanceTo(long nowMicroseconds)
        {
            int guard = 0;
            while (eventAt <= nowMicroseconds && guard++ < 100)
            {
                long at = eventAt;
                eventAt = VirtualClock.Never;
                RunEvent(at);
            }
        }

        /// <summary>W_TX_PAYLOAD, W_TX_PAYLOAD_NOACK or W_ACK_PAYLOAD (<paramref name="ackPipe"/> 0..5).</summary>
        internal void QueuePayload(byte[] data, int offset, int count, bool noAck, int ackPipe)
        {
            int length = count > Nrf24PayloadFifo.PayloadSize ? Nrf24PayloadFifo.PayloadSize : count;
            if (!tx.Push(data, offset, length, length, ackPipe, noAck))
            {
                return; // PS 8.3.1: writes to a full TX FIFO are lost (TX_FULL)
            }

            if (ackPipe < 0)
            {
                reuse = false;
            }
        }

        /// <summary>FLUSH_TX: the TX FIFO empties, ack payloads in flight included.</summary>
        internal void FlushTransmit()
        {
            tx.Clear();
            reuse = false;
            for (int i = 0; i < Pipes; i++)
            {
                ackInFlight[i] = -1;
            }
        }

        internal void WriteConfig(byte value)
        {
            byte old = registers.Get(Nrf24Register.CONFIG);
            registers.Set(Nrf24Register.CONFIG, value);
            bool wasUp = (old & (byte)Nrf24Config.PWR_UP) != 0;
            bool isUp = (value & (byte)Nrf24Config.PWR_UP) != 0;
            if (!isUp)
            {
                // PS 6.1.1: power down keeps registers, stops the radio.
                state = Nrf24ModelState.PowerDown;
                transmitting = false;
                eventAt = VirtualClock.Never;
            }
            else if (!wasUp)
            {
                state = Nrf24ModelState.StartingUp;
                eventAt = clock.Now + Nrf24Model.PowerUpMicroseconds;
            }
            else if ((old & (byte)Nrf24Config.PRIM_RX) != (value & (byte)Nrf24Config.PRIM_RX) && !transmitting)
            {
                state = Nrf24ModelState.StandbyI;
                eventAt = VirtualClock.Never;
            }

            UpdateIrq();
        }

        /// <summary>RX_DR, TX_DS, MAX_RT: write 1 to clear (PS 9.1 reg 07).</summary>
        internal void ClearStatusBits(byte value)
        {
            registers.Set(Nrf24Register.STATUS, (byte)(registers.Get(Nrf24Register.STATUS) & ~(value & 0x70)));
            UpdateIrq();
        }

        internal void SetStatusBits(byte bits)
        {
            registers.Set(Nrf24Register.STATUS, (byte)(registers.Get(Nrf24Register.STATUS) | bits));
            UpdateIrq();
        }

        private void UpdateIrq()
        {
            // IRQ is active low while an unmasked RX_DR / TX_DS / MAX_RT is set (PS 9.1, CONFIG bits 6:4).
            int pending = registers.Get(Nrf24Register.STATUS) & 0x70 & ~(registers.Get(Nrf24Register.CONFIG) & 0x70);
            irq.Drive(pending == 0);
        }

        private void OnChipEnableChanged(bool high)
        {
            if (high)
            {
                chipEnableRoseAt = clock.Now;
            }
            else if (state == Nrf24ModelState.TxSettling && clock.Now - chipEnableRoseAt < Nrf24Model.MinimumCePulseMicroseconds)
            {
                // PS 6.1.5: a CE pulse shorter than Thce (10 µs) does not start a transmission.
                state = Nrf24ModelState.StandbyI;
                eventAt = VirtualClock.Never;
            }
            else if (state == Nrf24ModelState.Rx || state == Nrf24ModelState.RxSettling)
            {
                state = Nrf24ModelState.StandbyI;
                eventAt = VirtualClock.Never;
            }

            Evaluate();
        }

        /// <summary>Moves between standby, RX and TX as PWR_UP, PRIM_RX, CE and the FIFOs say (PS 6.1, figure 4).</summary>
        internal void Evaluate()
        {
            if (state == Nrf24ModelState.PowerDown || state == Nrf24ModelState.StartingUp || transmitting)
            {
                return;
            }

            bool ce = chipEnable.Level;
            long now = clock.Now;
            if (registers.PrimaryRx)
            {
                if (ce && state != Nrf24ModelState.Rx && state != Nrf24ModelState.RxSettling)
                {
                    state = Nrf24ModelState.RxSettling;
                    rpd = false; // PS 6.4: RPD is reset when RX mode is entered.
                    eventAt = now + Nrf24Model.SettlingMicroseconds;
                }
                else if (!ce)
                {
                    state = Nrf24ModelState.StandbyI;
                }

                return;
            }

            if (state == Nrf24ModelState.TxSettling)
            {
                return;
            }

            bool maxRetransmitsPending = (registers.Get(Nrf24Register.STATUS) & (byte)Nrf24Status.MAX_RT) != 0;
            if (ce && tx.Count > 0 && !maxRetransmitsPending)
            {
                // PS 6.1.5: TX mode after Tstby2a; one packet per CE pulse, continuous while CE stays high.
                state = Nrf24ModelState.TxSettling;
                packetIsRetransmission = false;
                eventAt = now + Nrf24Model.SettlingMicroseconds;
            }
            else
            {
                state = ce ? Nrf24ModelState.StandbyII : Nrf24ModelState.StandbyI;
            }
        }

        private void RunEvent(long at)
        {
            switch (state)
            {
                case Nrf24ModelState.StartingUp:
                    state = Nrf24ModelState.StandbyI;
                    Evaluate();
                    break;
                case Nrf24ModelState.RxSettling:
                    state = Nrf24ModelState.Rx;
                    break;
                case Nrf24ModelState.TxSettling:
                    if (tx.Count == 0)
                    {
                        state = Nrf24ModelState.StandbyI;
                        Evaluate();
                    }
                    else
                    {
                        StartPacket(at);
                    }

                    break;
                case Nrf24ModelState.TxSending:
                    EndPacket(at);
                    break;
                case Nrf24ModelState.TxWaitingAck:
                    if (pendingAck != null)
                    {
                        AckReceived();
                    }
                    else
                    {
                        AckTimedOut(at);
                    }

                    break;
            }
        }

        private void StartPacket(long at)
        {
            transmitting = true;
            if (!packetIsRetransmission)
            {
                // PS 7.3.3.2: the PID increments for each new payload; ARC_CNT restarts (7.4.2).
                pid = (pid + 1) & 0x03;
                retransmits = 0;
            }

            outgoing.PayloadLength = tx.Width(0);
            tx.CopyTo(0, outgoing.Payload, 0, tx.Width(0));
            FillHeader(outgoing, registers.TransmitAddress);
            outgoing.Pid = pid;
            outgoing.IsAck = false;
            outgoing.NoAckBit = tx.NoAck(0) ^ Si24R1;
            state = Nrf24ModelState.TxSending;
            eventAt = at + outgoing.AirTime;
        }

        private void FillHeader(AirPacket packet, byte[] address)
        {
            packet.AddressWidth = registers.AddressWidth;
            Array.Copy(address, packet.Address, 5);
            packet.Channel = registers.Get(Nrf24Register.RF_CH);
            packet.DataRate = registers.DataRate;
            packet.CrcLength = registers.CrcLength;
            packet.PowerDbm = OutputPowerDbm;
            packet.Sender = chip;
        }

        private void EndPacket(long at)
        {
            bool expectAck = !tx.NoAck(0) && registers.AutoAck(0);
            AirPacket ack = medium.Transmit(outgoing, at);
            if (!expectAck)
            {
                // ShockBurst without ack: TX_DS when the packet has left (PS 7.5.2).
                FinishPacket();
                return;
            }

            int delay = registers.AutoRetransmitDelayMicroseconds;
            pendingAck = null;
            if (ack != null && registers.TransmitAddressOnPipe0 && registers.PipeEnabled(0)
                && Nrf24Model.SettlingMicroseconds + ack.AirTime <= delay)
            {
                // PS 7.4.2: the ack must arrive within ARD (turnaround 130 µs + ack time on air), on pipe 0,
                // which must hold the TX address.
                pendingAck = ack;
                pendingAckLength = ack.PayloadLength;
                Array.Copy(ack.Payload, pendingAckPayload, ack.PayloadLength);
                state = Nrf24ModelState.TxWaitingAck;
                eventAt = at + Nrf24Model.SettlingMicroseconds + ack.AirTime;
                return;
            }

            state = Nrf24ModelState.TxWaitingAck;
            eventAt = at + delay;
        }

        private void AckReceived()
        {
            pendingAck = null;
            if (pendingAckLength > 0 && rx.Push(pendingAckPayload, 0, pendingAckLength, pendingAckLength, 0, false))
            {
                SetStatusBits((byte)Nrf24Status.RX_DR);
            }

            FinishPacket();
        }

        private void FinishPacket()
        {
            transmitting = false;
            if (!reuse && tx.Count > 0)
            {
                RemoveTx(0);
            }

            SetStatusBits((byte)Nrf24Status.TX_DS);
            state = Nrf24ModelState.StandbyI;
            eventAt = VirtualClock.Never;
            Evaluate();
        }

        private void AckTimedOut(long at)
        {
            if (retransmits < registers.RetransmitLimit)
            {
                // PS 7.4.2: ARD is the time from the end of a packet to the start of its retransmission.
                retransmits++;
                packetIsRetransmission = true;
                StartPacket(at);
                return;
            }

            // PS 7.4.2 and 7.8.7: MAX_RT, PLOS_CNT + 1 (saturates at 15), the payload stays in the TX FIFO.
            transmitting = false;
            if (lostPackets < 15)
            {
                lostPackets++;
            }

            SetStatusBits((byte)Nrf24Status.MAX_RT);
            state = chipEnable.Level ? Nrf24ModelState.StandbyII : Nrf24ModelState.StandbyI;
            eventAt = VirtualClock.Never;
        }

        /// <summary>True when the chip hears <paramref name="packet"/> (RX mode, channel, rate, address of an enabled pipe).</summary>
        internal bool IsListening(AirPacket packet)
        {
            if (state != Nrf24ModelState.Rx || packet.Channel != registers.Get(Nrf24Register.RF_CH) || packet.DataRate != registers.DataRate || packet.AddressWidth != registers.AddressWidth)
            {
                return false;
            }

            for (int p = 0; p < Pipes; p++)
            {
                if (registers.PipeEnabled(p) && registers.PipeMatches(p, packet.Address, packet.AddressWidth))
                {
                    matchedPipe = p;
                    return true;
                }
            }

            return false;
        }

        /// <summary>A packet <see cref="IsListening"/> accepted arrived; returns the ack to send, or null.</summary>
        internal AirPacket Receive(AirPacket packet, bool aboveRpdThreshold)
        {
            int pipe = matchedPipe;
            if (packet.CrcLength != registers.CrcLength)
            {
                return null; // a CRC configured differently never checks (PS 7.3.5)
            }

            bool noAck = packet.NoAckBit ^ Si24R1;
            if (!registers.DynamicPayload(pipe))
            {
                int width = registers.StaticPayloadWidth(pipe);
                if (width == 0 || width != packet.PayloadLength)
                {
                    return null; // a static width that does not fit the packet fails its CRC
                }
            }

            int crc = packet.CrcStandIn();
            bool duplicate = packet.Pid == lastPid[pipe] && crc == lastCrc[pipe];
            if (!duplicate)
            {
                if (rx.IsFull)
                {
                    return null; // RX FIFO full: not stored and not acknowledged
                }

                // PS 7.4.1 and 7.8.6: the ack payload sent with the previous packet leaves the TX FIFO (TX_DS)
                // only when a new packet arrives.
                if (ackInFlight[pipe] >= 0)
                {
                    RemoveTx(ackInFlight[pipe]);
                    ackInFlight[pipe] = -1;
                    SetStatusBits((byte)Nrf24Status.TX_DS);
                }

                lastPid[pipe] = packet.Pid;
                lastCrc[pipe] = crc;
                if (LoseNextReceivedPackets > 0)
                {
                    LoseNextReceivedPackets--;
                    ReceivedPacketsLost++;
                }
                else
                {
                    rx.Push(packet.Payload, 0, packet.PayloadLength, packet.PayloadLength, pipe, false);
                    rpd = aboveRpdThreshold; // PS 6.4: latched when a valid packet is received
                    SetStatusBits((byte)Nrf24Status.RX_DR);
                }
            }

            if (noAck || !registers.AutoAck(pipe))
            {
                return null;
            }

            ackPacket.PayloadLength = 0;
            if (registers.HasFeatures(Nrf24Feature.EN_DPL | Nrf24Feature.EN_ACK_PAY))
            {
                int index = ackInFlight[pipe];
                if (index < 0)
                {
                    for (int i = 0; i < tx.Count; i++)
                    {
                        if (tx.Pipe(i) == pipe)
                        {
                            index = i;
                            break;
                        }
                    }
                }

                if (index >= 0)
                {
                    ackInFlight[pipe] = index;
                    ackPacket.PayloadLength = tx.Width(index);
                    tx.CopyTo(index, ackPacket.Payload, 0, tx.Width(index));
                }
            }

            FillHeader(ackPacket, packet.Address);
            ackPacket.IsAck = true;
            ackPacket.Pid = packet.Pid;
            ackPacket.NoAckBit = Si24R1;
            return ackPacket;
        }

        private void RemoveTx(int index)
        {
            tx.RemoveAt(index);
            for (int p = 0; p < Pipes; p++)
            {
                if (ackInFlight[p] > index)
                {
                    ackInFlight[p]--;
                }
            }
        }
    }
}
