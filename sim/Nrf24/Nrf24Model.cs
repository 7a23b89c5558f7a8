using System;
using DualReader.Firmware.Nrf24;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// Register-level model of the Nordic nRF24L01+ (Product Specification v1.0, "PS" below): the SPI command set
    /// (8.3), the register map with its reset values (9.1), the operational modes and their timings (6.1),
    /// Enhanced ShockBurst (7: PCF, PID, CRC, auto-ack, ack payloads, auto retransmit, dynamic payload length),
    /// the three-level FIFOs (7.7), the IRQ line (active low, 8.4 and 9.1 CONFIG masks) and RPD (6.4).
    /// Packets travel over a shared <see cref="AirMedium"/>.
    /// </summary>
    /// <remarks>
    /// <para>Clone flag (<see cref="Si24R1"/>) reproduces two documented differences of the Si24R1:
    /// RF_SETUP bit 0 is RF_PWR[0] of a 3-bit PA field with other output powers (Si24R1 datasheet register 06, as
    /// tabulated in RF24's setPALevel documentation, nRF24/RF24 RF24.h; nRF24/RF24 issue #603 and #865), and the
    /// NO_ACK bit of the packet control field is the inverse of Nordic's, so genuine and clone chips do not
    /// acknowledge each other (nRF24/RF24 issue #865 "behaves as if multicast... disables auto-ack", RIOT-OS pull
    /// request #6777 "clones like si24r1 are incompatible when crc and auto-ack are activated").</para>
    /// <para>Simplifications: the chip acts on a command at the end of its chip-select frame; writes in RX/TX
    /// mode are accepted (the PS only allows them in power down and standby, 8.3.1); no carrier detect on noise.</para>
    /// </remarks>
    public sealed class Nrf24Model : ISpiTarget, ITimedModel
    {
        /// <summary>Power down to standby: crystal oscillator start-up (PS table 16, Tpd2stby 1.5 ms).</summary>
        public const int PowerUpMicroseconds = 1500;

        /// <summary>Standby to TX or RX: PLL settling (PS table 16, Tstby2a).</summary>
        public const int SettlingMicroseconds = 130;

        /// <summary>Shortest CE high pulse that starts a transmission (PS table 16, Thce).</summary>
        public const int MinimumCePulseMicroseconds = 10;

        private const int FifoDepth = 3;
        private const int PayloadSize = 32;

        private readonly VirtualClock clock;
        private readonly AirMedium medium;
        private readonly SimOutputPin chipEnable;
        private readonly SimInputPin irq;
        private readonly byte[] registers = new byte[0x20];
        private readonly byte[] rxAddressPipe0 = new byte[5];
        private readonly byte[] rxAddressPipe1 = new byte[5];
        private readonly byte[] txAddress = new byte[5];

        // TX FIFO (PTX payloads or PRX ack payloads); index 0 is the head.
        private readonly byte[] txData = new byte[FifoDepth * PayloadSize];
        private readonly int[] txLength = new int[FifoDepth];
        private readonly bool[] txNoAck = new bool[FifoDepth];
        private readonly int[] txAckPipe = new int[FifoDepth];
        private int txCount;

        private readonly byte[] rxData = new byte[FifoDepth * PayloadSize];
        private readonly int[] rxLength = new int[FifoDepth];
        private readonly int[] rxPipe = new int[FifoDepth];
        private int rxCount;

        private readonly int[] lastPid = new int[6];
        private readonly int[] lastCrc = new int[6];
        private readonly int[] ackInFlight = new int[6];

        private readonly AirPacket outgoing = new AirPacket();
        private readonly AirPacket ackPacket = new AirPacket();
        private AirPacket pendingAck;
        private readonly byte[] pendingAckPayload = new byte[PayloadSize];
        private int pendingAckLength;

        private Nrf24ModelState state = Nrf24ModelState.PowerDown;
        private long eventAt = VirtualClock.Never;
        private long lastTime;
        private long chipEnableRoseAt;
        private bool transmitting;
        private bool packetIsRetransmission;
        private bool reuse;
        private int pid;
        private int retransmits;
        private int lostPackets;
        private bool rpd;
        private int matchedPipe;

        /// <summary>
        /// A chip on <paramref name="medium"/>, driven by the firmware's <paramref name="chipEnable"/> line and
        /// driving <paramref name="irq"/> (active low); registers itself with <paramref name="clock"/>.
        /// </summary>
        public Nrf24Model(VirtualClock clock, AirMedium medium, SimOutputPin chipEnable, SimInputPin irq)
        {
            if (clock == null || medium == null || chipEnable == null || irq == null)
            {
                throw new ArgumentNullException(clock == null ? "clock" : medium == null ? "medium" : chipEnable == null ? "chipEnable" : "irq");
            }

            this.clock = clock;
            this.medium = medium;
            this.chipEnable = chipEnable;
            this.irq = irq;
            for (int i = 0; i < 6; i++)
            {
                lastPid[i] = -1;
                ackInFlight[i] = -1;
            }

            Reset();
            chipEnable.Changed += OnChipEnableChanged;
            medium.Attach(this);
            clock.Register(this);
        }

        /// <summary>True: behave as an Si24R1 clone (see remarks).</summary>
        public bool Si24R1 { get; set; }

        /// <summary>True when this node is near the others (see <see cref="AirMedium"/>).</summary>
        public bool Near { get; set; } = true;

        /// <summary>False: the chip does not answer on SPI at all (MISO reads 0x00), as with no module fitted.</summary>
        public bool Present { get; set; } = true;

        /// <summary>
        /// Fault injection: the next this many new packets are acknowledged as usual (the ack and its payload go out)
        /// but never reach the RX FIFO, as when the firmware behind the radio loses a packet its radio took (a
        /// flushed RX FIFO, a restart). The sender cannot tell; only the firmware's later answers show it.
        /// </summary>
        public int LoseNextReceivedPackets { get; set; }

        /// <summary>Packets lost through <see cref="LoseNextReceivedPackets"/>.</summary>
        public int ReceivedPacketsLost { get; private set; }

        /// <summary>The current mode.</summary>
        public Nrf24ModelState State
        {
            get { return state; }
        }

        /// <summary>Payloads in the TX FIFO.</summary>
        public int TxFifoCount
        {
            get { return txCount; }
        }

        /// <summary>Payloads in the RX FIFO.</summary>
        public int RxFifoCount
        {
            get { return rxCount; }
        }

        /// <summary>Output power in dBm from RF_SETUP (PS 6.5 table 15; Si24R1 see remarks).</summary>
        public int OutputPowerDbm
        {
            get
            {
                int fieldValue = (registers[(int)Nrf24Register.RF_SETUP] >> 1) & 0x03;
                if (!Si24R1)
                {
                    return -18 + 6 * fieldValue;
                }

                bool bitZero = (registers[(int)Nrf24Register.RF_SETUP] & 0x01) != 0;
                switch (fieldValue)
                {
                    case 0:
                        return bitZero ? -6 : -12;
                    case 1:
                        return bitZero ? 0 : -4;
                    case 2:
                        return bitZero ? 3 : 1;
                    default:
                        return bitZero ? 7 : 4;
                }
            }
        }

        /// <summary>The value of a one-byte register, for tests (no SPI cost).</summary>
        public byte PeekRegister(Nrf24Register register)
        {
            return ReadRegisterByte((int)register, 0);
        }

        /// <summary>
        /// Puts a payload straight into the RX FIFO with an arbitrary reported width, as a corrupted packet does on
        /// real chips (R_RX_PL_WID above 32, PS 8.3.1 note: "flush RX FIFO if the read value is larger than 32").
        /// </summary>
        public void InjectReceivedPayload(int pipe, byte[] payload, int reportedWidth)
        {
            if (rxCount == FifoDepth)
            {
                return;
            }

            Array.Copy(payload, 0, rxData, rxCount * PayloadSize, payload.Length < PayloadSize ? payload.Length : PayloadSize);
            rxLength[rxCount] = reportedWidth;
            rxPipe[rxCount] = pipe;
            rxCount++;
            SetStatusBits((byte)Nrf24Status.RX_DR);
        }

        /// <inheritdoc />
        public long NextEventMicroseconds
        {
            get { return eventAt; }
        }

        /// <inheritdoc />
        public void AdvanceTo(long nowMicroseconds)
        {
            if (nowMicroseconds > lastTime)
            {
                lastTime = nowMicroseconds;
            }

            int guard = 0;
            while (eventAt <= nowMicroseconds && guard++ < 100)
            {
                long at = eventAt;
                eventAt = VirtualClock.Never;
                RunEvent(at);
            }
        }

        /// <inheritdoc />
        public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            if (!Present)
            {
                for (int i = 0; i < count; i++)
                {
                    miso[misoOffset + i] = 0x00;
                }

                return;
            }

            byte command = mosi[mosiOffset];

            // PS 8.3.1: the STATUS register is shifted out on MISO while the command byte is shifted in.
            miso[misoOffset] = Status();
            for (int i = 1; i < count; i++)
            {
                miso[misoOffset + i] = 0x00;
            }

            if (command <= 0x1F)
            {
                for (int i = 1; i < count; i++)
                {
                    miso[misoOffset + i] = ReadRegisterByte(command, i - 1);
                }
            }
            else if (command <= 0x3F)
            {
                WriteRegister(command & 0x1F, mosi, mosiOffset + 1, count - 1);
            }
            else if (command == (byte)Nrf24Command.R_RX_PAYLOAD)
            {
                if (rxCount > 0)
                {
                    int width = rxLength[0] > PayloadSize ? PayloadSize : rxLength[0];
                    for (int i = 1; i < count && i - 1 < width; i++)
                    {
                        miso[misoOffset + i] = rxData[i - 1];
                    }

                    PopRx();
                }
            }
            else if (command == (byte)Nrf24Command.R_RX_PL_WID)
            {
                if (count > 1)
                {
                    miso[misoOffset + 1] = (byte)(rxCount > 0 ? rxLength[0] : 0);
                }
            }
            else if (command == (byte)Nrf24Command.W_TX_PAYLOAD)
            {
                PushTx(mosi, mosiOffset + 1, count - 1, false, -1);
            }
            else if (command == (byte)Nrf24Command.W_TX_PAYLOAD_NOACK)
            {
                // PS 7.3.3.3: only with EN_DYN_ACK.
                if ((registers[(int)Nrf24Register.FEATURE] & (byte)Nrf24Feature.EN_DYN_ACK) != 0)
                {
                    PushTx(mosi, mosiOffset + 1, count - 1, true, -1);
                }
            }
            else if ((command & 0xF8) == (byte)Nrf24Command.W_ACK_PAYLOAD)
            {
                // PS 7.4.1: ack payloads need EN_ACK_PAY (and DPL to go on air).
                if ((registers[(int)Nrf24Register.FEATURE] & (byte)Nrf24Feature.EN_ACK_PAY) != 0)
                {
                    PushTx(mosi, mosiOffset + 1, count - 1, false, command & 0x07);
                }
            }
            else if (command == (byte)Nrf24Command.FLUSH_TX)
            {
                txCount = 0;
                reuse = false;
                for (int i = 0; i < 6; i++)
                {
                    ackInFlight[i] = -1;
                }
            }
            else if (command == (byte)Nrf24Command.FLUSH_RX)
            {
                rxCount = 0;
            }
            else if (command == (byte)Nrf24Command.REUSE_TX_PL)
            {
                reuse = true;
            }

            // NOP (0xFF), ACTIVATE (0x50, nRF24L01 without '+') and undefined codes only clock out STATUS.
            Evaluate();
        }

        private void Reset()
        {
            // PS 9.1 reset values.
            for (int i = 0; i < registers.Length; i++)
            {
                registers[i] = 0;
            }

            registers[(int)Nrf24Register.CONFIG] = 0x08;
            registers[(int)Nrf24Register.EN_AA] = 0x3F;
            registers[(int)Nrf24Register.EN_RXADDR] = 0x03;
            registers[(int)Nrf24Register.SETUP_AW] = 0x03;
            registers[(int)Nrf24Register.SETUP_RETR] = 0x03;
            registers[(int)Nrf24Register.RF_CH] = 0x02;
            registers[(int)Nrf24Register.RF_SETUP] = 0x0E;
            registers[(int)Nrf24Register.STATUS] = 0x0E;
            registers[(int)Nrf24Register.RX_ADDR_P2] = 0xC3;
            registers[(int)Nrf24Register.RX_ADDR_P3] = 0xC4;
            registers[(int)Nrf24Register.RX_ADDR_P4] = 0xC5;
            registers[(int)Nrf24Register.RX_ADDR_P5] = 0xC6;
            for (int i = 0; i < 5; i++)
            {
                rxAddressPipe0[i] = 0xE7;
                rxAddressPipe1[i] = 0xC2;
                txAddress[i] = 0xE7;
            }
        }

        private byte Status()
        {
            // RX_P_NO (bits 3:1) is the pipe of the RX FIFO head, 111 when empty; TX_FULL is bit 0 (PS 9.1 reg 07).
            int pipeBits = rxCount > 0 ? rxPipe[0] : 7;
            int value = (registers[(int)Nrf24Register.STATUS] & 0x70) | (pipeBits << 1) | (txCount == FifoDepth ? 1 : 0);
            return (byte)value;
        }

        private byte ReadRegisterByte(int address, int index)
        {
            switch (address)
            {
                case (int)Nrf24Register.STATUS:
                    return Status();
                case (int)Nrf24Register.RX_ADDR_P0:
                    return index < 5 ? rxAddressPipe0[index] : (byte)0;
                case (int)Nrf24Register.RX_ADDR_P1:
                    return index < 5 ? rxAddressPipe1[index] : (byte)0;
                case (int)Nrf24Register.TX_ADDR:
                    return index < 5 ? txAddress[index] : (byte)0;
                case (int)Nrf24Register.OBSERVE_TX:
                    return (byte)((lostPackets << 4) | (retransmits & 0x0F));
                case (int)Nrf24Register.RPD:
                    return (byte)(rpd ? 1 : 0);
                case (int)Nrf24Register.FIFO_STATUS:
                    int fifo = 0;
                    if (rxCount == 0) fifo |= (int)Nrf24FifoStatus.RX_EMPTY;
                    if (rxCount == FifoDepth) fifo |= (int)Nrf24FifoStatus.RX_FULL;
                    if (txCount == 0) fifo |= (int)Nrf24FifoStatus.TX_EMPTY;
                    if (txCount == FifoDepth) fifo |= (int)Nrf24FifoStatus.TX_FULL;
                    if (reuse) fifo |= (int)Nrf24FifoStatus.TX_REUSE;
                    return (byte)fifo;
                default:
                    return index == 0 ? registers[address] : (byte)0;
            }
        }

        private void WriteRegister(int address, byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            byte value = data[offset];
            switch (address)
            {
                case (int)Nrf24Register.RX_ADDR_P0:
                    CopyAddress(data, offset, count, rxAddressPipe0);
                    return;
                case (int)Nrf24Register.RX_ADDR_P1:
                    CopyAddress(data, offset, count, rxAddressPipe1);
                    return;
                case (int)Nrf24Register.TX_ADDR:
                    CopyAddress(data, offset, count, txAddress);
                    return;
                case (int)Nrf24Register.STATUS:
                    // RX_DR, TX_DS, MAX_RT: write 1 to clear (PS 9.1 reg 07).
                    registers[address] = (byte)(registers[address] & ~(value & 0x70));
                    UpdateIrq();
                    return;
                case (int)Nrf24Register.OBSERVE_TX:
                case (int)Nrf24Register.RPD:
                case (int)Nrf24Register.FIFO_STATUS:
                    return;
                case (int)Nrf24Register.CONFIG:
                    WriteConfig((byte)(value & 0x7F));
                    return;
                case (int)Nrf24Register.RF_CH:
                    registers[address] = (byte)(value & 0x7F);
                    lostPackets = 0; // PS 7.4.2: PLOS_CNT resets when RF_CH is written.
                    return;
                case (int)Nrf24Register.EN_AA:
                case (int)Nrf24Register.EN_RXADDR:
                case (int)Nrf24Register.DYNPD:
                case (int)Nrf24Register.RX_PW_P0:
                case (int)Nrf24Register.RX_PW_P1:
                case (int)Nrf24Register.RX_PW_P2:
                case (int)Nrf24Register.RX_PW_P3:
                case (int)Nrf24Register.RX_PW_P4:
                case (int)Nrf24Register.RX_PW_P5:
                    registers[address] = (byte)(value & 0x3F);
                    return;
                case (int)Nrf24Register.SETUP_AW:
                    registers[address] = (byte)(value & 0x03);
                    return;
                case (int)Nrf24Register.RF_SETUP:
                    registers[address] = (byte)(value & 0xBF);
                    return;
                case (int)Nrf24Register.FEATURE:
                    registers[address] = (byte)(value & 0x07);
                    return;
                case (int)Nrf24Register.SETUP_RETR:
                case (int)Nrf24Register.RX_ADDR_P2:
                case (int)Nrf24Register.RX_ADDR_P3:
                case (int)Nrf24Register.RX_ADDR_P4:
                case (int)Nrf24Register.RX_ADDR_P5:
                    registers[address] = value;
                    return;
                default:
                    return; // 0x18..0x1B reserved
            }
        }

        private static void CopyAddress(byte[] data, int offset, int count, byte[] address)
        {
            for (int i = 0; i < count && i < 5; i++)
            {
                address[i] = data[offset + i];
            }
        }

        private void WriteConfig(byte value)
        {
            byte old = registers[(int)Nrf24Register.CONFIG];
            registers[(int)Nrf24Register.CONFIG] = value;
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
                eventAt = clock.Now + PowerUpMicroseconds;
            }
            else if ((old & (byte)Nrf24Config.PRIM_RX) != (value & (byte)Nrf24Config.PRIM_RX) && !transmitting)
            {
                state = Nrf24ModelState.StandbyI;
                eventAt = VirtualClock.Never;
            }

            UpdateIrq();
        }

        private void OnChipEnableChanged(bool high)
        {
            if (high)
            {
                chipEnableRoseAt = clock.Now;
            }
            else if (state == Nrf24ModelState.TxSettling && clock.Now - chipEnableRoseAt < MinimumCePulseMicroseconds)
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

        private bool PrimaryRx
        {
            get { return (registers[(int)Nrf24Register.CONFIG] & (byte)Nrf24Config.PRIM_RX) != 0; }
        }

        /// <summary>Moves between standby, RX and TX as PWR_UP, PRIM_RX, CE and the FIFOs say (PS 6.1, figure 4).</summary>
        private void Evaluate()
        {
            if (state == Nrf24ModelState.PowerDown || state == Nrf24ModelState.StartingUp || transmitting)
            {
                return;
            }

            bool ce = chipEnable.Level;
            long now = clock.Now;
            if (PrimaryRx)
            {
                if (ce && state != Nrf24ModelState.Rx && state != Nrf24ModelState.RxSettling)
                {
                    state = Nrf24ModelState.RxSettling;
                    rpd = false; // PS 6.4: RPD is reset when RX mode is entered.
                    eventAt = now + SettlingMicroseconds;
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

            bool maxRetransmitsPending = (registers[(int)Nrf24Register.STATUS] & (byte)Nrf24Status.MAX_RT) != 0;
            if (ce && txCount > 0 && !maxRetransmitsPending)
            {
                // PS 6.1.5: TX mode after Tstby2a; one packet per CE pulse, continuous while CE stays high.
                state = Nrf24ModelState.TxSettling;
                packetIsRetransmission = false;
                eventAt = now + SettlingMicroseconds;
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
                    if (txCount == 0)
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

            outgoing.PayloadLength = txLength[0];
            Array.Copy(txData, 0, outgoing.Payload, 0, txLength[0]);
            FillHeader(outgoing, txAddress);
            outgoing.Pid = pid;
            outgoing.IsAck = false;
            outgoing.NoAckBit = txNoAck[0] ^ Si24R1;
            state = Nrf24ModelState.TxSending;
            eventAt = at + outgoing.AirTime;
        }

        private void FillHeader(AirPacket packet, byte[] address)
        {
            packet.AddressWidth = AddressWidth;
            Array.Copy(address, packet.Address, 5);
            packet.Channel = registers[(int)Nrf24Register.RF_CH];
            packet.DataRate = DataRate;
            packet.CrcLength = CrcLength;
            packet.PowerDbm = OutputPowerDbm;
            packet.Sender = this;
        }

        private void EndPacket(long at)
        {
            bool expectAck = !txNoAck[0] && (registers[(int)Nrf24Register.EN_AA] & 0x01) != 0;
            AirPacket ack = medium.Transmit(outgoing, at);
            if (!expectAck)
            {
                // ShockBurst without ack: TX_DS when the packet has left (PS 7.5.2).
                FinishPacket();
                return;
            }

            int delay = AutoRetransmitDelay;
            pendingAck = null;
            if (ack != null && AddressEquals(rxAddressPipe0, txAddress, AddressWidth)
                && (registers[(int)Nrf24Register.EN_RXADDR] & 0x01) != 0
                && SettlingMicroseconds + ack.AirTime <= delay)
            {
                // PS 7.4.2: the ack must arrive within ARD (turnaround 130 µs + ack time on air), on pipe 0,
                // which must hold the TX address.
                pendingAck = ack;
                pendingAckLength = ack.PayloadLength;
                Array.Copy(ack.Payload, pendingAckPayload, ack.PayloadLength);
                state = Nrf24ModelState.TxWaitingAck;
                eventAt = at + SettlingMicroseconds + ack.AirTime;
                return;
            }

            state = Nrf24ModelState.TxWaitingAck;
            eventAt = at + delay;
        }

        private void AckReceived()
        {
            pendingAck = null;
            if (pendingAckLength > 0 && rxCount < FifoDepth)
            {
                Array.Copy(pendingAckPayload, 0, rxData, rxCount * PayloadSize, pendingAckLength);
                rxLength[rxCount] = pendingAckLength;
                rxPipe[rxCount] = 0;
                rxCount++;
                SetStatusBits((byte)Nrf24Status.RX_DR);
            }

            FinishPacket();
        }

        private void FinishPacket()
        {
            transmitting = false;
            if (!reuse)
            {
                PopTx();
            }

            SetStatusBits((byte)Nrf24Status.TX_DS);
            state = Nrf24ModelState.StandbyI;
            eventAt = VirtualClock.Never;
            Evaluate();
        }

        private void AckTimedOut(long at)
        {
            int limit = registers[(int)Nrf24Register.SETUP_RETR] & 0x0F;
            if (retransmits < limit)
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

        /// <summary>The medium asks whether this chip hears <paramref name="packet"/> (RX mode, channel, rate, address).</summary>
        internal bool IsListening(AirPacket packet, long now)
        {
            if (state != Nrf24ModelState.Rx || packet.Channel != registers[(int)Nrf24Register.RF_CH] || packet.DataRate != DataRate || packet.AddressWidth != AddressWidth)
            {
                return false;
            }

            int enabled = registers[(int)Nrf24Register.EN_RXADDR];
            for (int p = 0; p < 6; p++)
            {
                if ((enabled & (1 << p)) != 0 && PipeMatches(p, packet.Address, packet.AddressWidth))
                {
                    matchedPipe = p;
                    return true;
                }
            }

            return false;
        }

        private bool PipeMatches(int pipe, byte[] address, int width)
        {
            if (pipe == 0)
            {
                return AddressEquals(rxAddressPipe0, address, width);
            }

            // PS 7.6: pipes 2-5 share bytes 1..4 with pipe 1 and differ in the LSB.
            byte lsb = pipe == 1 ? rxAddressPipe1[0] : registers[(int)Nrf24Register.RX_ADDR_P0 + pipe];
            if (address[0] != lsb)
            {
                return false;
            }

            for (int i = 1; i < width; i++)
            {
                if (address[i] != rxAddressPipe1[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AddressEquals(byte[] a, byte[] b, int width)
        {
            for (int i = 0; i < width; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A packet addressed to this chip arrived; returns the ack to send, or null.</summary>
        internal AirPacket Receive(AirPacket packet, bool aboveRpdThreshold, long now)
        {
            int pipe = matchedPipe;
            if (packet.CrcLength != CrcLength)
            {
                return null; // a CRC configured differently never checks (PS 7.3.5)
            }

            bool noAck = packet.NoAckBit ^ Si24R1;
            bool dynamic = (registers[(int)Nrf24Register.FEATURE] & (byte)Nrf24Feature.EN_DPL) != 0
                && (registers[(int)Nrf24Register.DYNPD] & (1 << pipe)) != 0;
            if (!dynamic)
            {
                int width = registers[(int)Nrf24Register.RX_PW_P0 + pipe];
                if (width == 0 || width != packet.PayloadLength)
                {
                    return null; // a static width that does not fit the packet fails its CRC
                }
            }

            int crc = packet.CrcStandIn();
            bool duplicate = packet.Pid == lastPid[pipe] && crc == lastCrc[pipe];
            if (!duplicate)
            {
                if (rxCount == FifoDepth)
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
                    Array.Copy(packet.Payload, 0, rxData, rxCount * PayloadSize, packet.PayloadLength);
                    rxLength[rxCount] = packet.PayloadLength;
                    rxPipe[rxCount] = pipe;
                    rxCount++;
                    rpd = aboveRpdThreshold; // PS 6.4: latched when a valid packet is received
                    SetStatusBits((byte)Nrf24Status.RX_DR);
                }
            }

            if (noAck || (registers[(int)Nrf24Register.EN_AA] & (1 << pipe)) == 0)
            {
                return null;
            }

            ackPacket.PayloadLength = 0;
            bool ackPayloads = (registers[(int)Nrf24Register.FEATURE] & (byte)(Nrf24Feature.EN_DPL | Nrf24Feature.EN_ACK_PAY)) == (byte)(Nrf24Feature.EN_DPL | Nrf24Feature.EN_ACK_PAY);
            if (ackPayloads)
            {
                int index = ackInFlight[pipe];
                if (index < 0)
                {
                    for (int i = 0; i < txCount; i++)
                    {
                        if (txAckPipe[i] == pipe)
                        {
                            index = i;
                            break;
                        }
                    }
                }

                if (index >= 0)
                {
                    ackInFlight[pipe] = index;
                    ackPacket.PayloadLength = txLength[index];
                    Array.Copy(txData, index * PayloadSize, ackPacket.Payload, 0, txLength[index]);
                }
            }

            FillHeader(ackPacket, packet.Address);
            ackPacket.IsAck = true;
            ackPacket.Pid = packet.Pid;
            ackPacket.NoAckBit = Si24R1;
            return ackPacket;
        }

        private int AddressWidth
        {
            get
            {
                int fieldValue = registers[(int)Nrf24Register.SETUP_AW] & 0x03;
                return fieldValue == 0 ? 3 : fieldValue + 2;
            }
        }

        private Nrf24DataRate DataRate
        {
            get
            {
                byte setup = registers[(int)Nrf24Register.RF_SETUP];
                if ((setup & (byte)Nrf24RfSetup.RF_DR_LOW) != 0)
                {
                    return Nrf24DataRate.Rate250kbps;
                }

                return (setup & (byte)Nrf24RfSetup.RF_DR_HIGH) != 0 ? Nrf24DataRate.Rate2Mbps : Nrf24DataRate.Rate1Mbps;
            }
        }

        private int CrcLength
        {
            get
            {
                // PS 9.1 CONFIG EN_CRC: forced high if one of the bits in EN_AA is high.
                byte config = registers[(int)Nrf24Register.CONFIG];
                bool enabled = (config & (byte)Nrf24Config.EN_CRC) != 0 || registers[(int)Nrf24Register.EN_AA] != 0;
                if (!enabled)
                {
                    return 0;
                }

                return (config & (byte)Nrf24Config.CRCO) != 0 ? 2 : 1;
            }
        }

        private int AutoRetransmitDelay
        {
            get { return ((registers[(int)Nrf24Register.SETUP_RETR] >> 4) + 1) * 250; }
        }

        private void PushTx(byte[] data, int offset, int count, bool noAck, int ackPipe)
        {
            if (txCount == FifoDepth)
            {
                return; // PS 8.3.1: writes to a full TX FIFO are lost (TX_FULL)
            }

            int length = count > PayloadSize ? PayloadSize : count;
            Array.Copy(data, offset, txData, txCount * PayloadSize, length);
            txLength[txCount] = length;
            txNoAck[txCount] = noAck;
            txAckPipe[txCount] = ackPipe;
            txCount++;
            if (ackPipe < 0)
            {
                reuse = false;
            }
        }

        private void PopTx()
        {
            if (txCount > 0)
            {
                RemoveTx(0);
            }
        }

        private void RemoveTx(int index)
        {
            for (int i = index; i < txCount - 1; i++)
            {
                Array.Copy(txData, (i + 1) * PayloadSize, txData, i * PayloadSize, PayloadSize);
                txLength[i] = txLength[i + 1];
                txNoAck[i] = txNoAck[i + 1];
                txAckPipe[i] = txAckPipe[i + 1];
            }

            txCount--;
            for (int p = 0; p < 6; p++)
            {
                if (ackInFlight[p] > index)
                {
                    ackInFlight[p]--;
                }
            }
        }

        private void PopRx()
        {
            for (int i = 0; i < rxCount - 1; i++)
            {
                Array.Copy(rxData, (i + 1) * PayloadSize, rxData, i * PayloadSize, PayloadSize);
                rxLength[i] = rxLength[i + 1];
                rxPipe[i] = rxPipe[i + 1];
            }

            rxCount--;
        }

        private void SetStatusBits(byte bits)
        {
            registers[(int)Nrf24Register.STATUS] |= bits;
            UpdateIrq();
        }

        private void UpdateIrq()
        {
            // IRQ is active low while an unmasked RX_DR / TX_DS / MAX_RT is set (PS 9.1, CONFIG bits 6:4).
            int pending = registers[(int)Nrf24Register.STATUS] & 0x70 & ~(registers[(int)Nrf24Register.CONFIG] & 0x70);
            irq.Drive(pending == 0);
        }
    }
}
