using System;
using DualReader.Firmware.Nrf24;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// Register-level model of the Nordic nRF24L01+ (Product Specification v1.0, "PS" below): the SPI command set
    /// (8.3), the register map with its reset values (9.1, <see cref="Nrf24RegisterFile"/>), the operational modes
    /// and their timings (6.1), Enhanced ShockBurst (7: PCF, PID, CRC, auto-ack, ack payloads, auto retransmit,
    /// dynamic payload length) with RPD (6.4) and the IRQ line (active low, 8.4 and 9.1 CONFIG masks) in
    /// <see cref="Nrf24Esb"/>, and the three-level FIFOs (7.7, <see cref="Nrf24PayloadFifo"/>). This class is the
    /// chip as the SPI bus and the tests see it. Packets travel over a shared <see cref="AirMedium"/>.
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

        private const int PayloadSize = Nrf24PayloadFifo.PayloadSize;

        private readonly Nrf24RegisterFile registers = new Nrf24RegisterFile();

        // TX FIFO: PTX payloads, or PRX ack payloads (their pipe); RX FIFO: received payloads and ack payloads.
        private readonly Nrf24PayloadFifo tx = new Nrf24PayloadFifo();
        private readonly Nrf24PayloadFifo rx = new Nrf24PayloadFifo();
        private readonly Nrf24Esb radio;

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

            radio = new Nrf24Esb(this, clock, medium, chipEnable, irq, registers, tx, rx);
            medium.Attach(this);
            clock.Register(this);
        }

        /// <summary>True: behave as an Si24R1 clone (see remarks).</summary>
        public bool Si24R1
        {
            get { return radio.Si24R1; }
            set { radio.Si24R1 = value; }
        }

        /// <summary>True when this node is near the others (see <see cref="AirMedium"/>).</summary>
        public bool Near { get; set; } = true;

        /// <summary>False: the chip does not answer on SPI at all (MISO reads 0x00), as with no module fitted.</summary>
        public bool Present { get; set; } = true;

        /// <summary>
        /// Fault injection: the next this many new packets are acknowledged as usual (the ack and its payload go out)
        /// but never reach the RX FIFO, as when the firmware behind the radio loses a packet its radio took (a
        /// flushed RX FIFO, a restart). The sender cannot tell; only the firmware's later answers show it.
        /// </summary>
        public int LoseNextReceivedPackets
        {
            get { return radio.LoseNextReceivedPackets; }
            set { radio.LoseNextReceivedPackets = value; }
        }

        /// <summary>Packets lost through <see cref="LoseNextReceivedPackets"/>.</summary>
        public int ReceivedPacketsLost
        {
            get { return radio.ReceivedPacketsLost; }
        }

        /// <summary>The current mode.</summary>
        public Nrf24ModelState State
        {
            get { return radio.State; }
        }

        /// <summary>Payloads in the TX FIFO.</summary>
        public int TxFifoCount
        {
            get { return tx.Count; }
        }

        /// <summary>Payloads in the RX FIFO.</summary>
        public int RxFifoCount
        {
            get { return rx.Count; }
        }

        /// <summary>Output power in dBm from RF_SETUP (PS 6.5 table 15; Si24R1 see remarks).</summary>
        public int OutputPowerDbm
        {
            get { return radio.OutputPowerDbm; }
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
            if (rx.Push(payload, 0, payload.Length, reportedWidth, pipe, false))
            {
                radio.SetStatusBits((byte)Nrf24Status.RX_DR);
            }
        }

        /// <inheritdoc />
        public long NextEventMicroseconds
        {
            get { return radio.NextEventMicroseconds; }
        }

        /// <inheritdoc />
        public void AdvanceTo(long nowMicroseconds)
        {
            radio.AdvanceTo(nowMicroseconds);
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
                if (rx.Count > 0)
                {
                    int width = rx.Width(0) > PayloadSize ? PayloadSize : rx.Width(0);
                    rx.CopyTo(0, miso, misoOffset + 1, count - 1 < width ? count - 1 : width);
                    rx.RemoveAt(0);
                }
            }
            else if (command == (byte)Nrf24Command.R_RX_PL_WID)
            {
                if (count > 1)
                {
                    miso[misoOffset + 1] = (byte)(rx.Count > 0 ? rx.Width(0) : 0);
                }
            }
            else if (command == (byte)Nrf24Command.W_TX_PAYLOAD)
            {
                radio.QueuePayload(mosi, mosiOffset + 1, count - 1, false, -1);
            }
            else if (command == (byte)Nrf24Command.W_TX_PAYLOAD_NOACK)
            {
                // PS 7.3.3.3: only with EN_DYN_ACK.
                if (registers.HasFeatures(Nrf24Feature.EN_DYN_ACK))
                {
                    radio.QueuePayload(mosi, mosiOffset + 1, count - 1, true, -1);
                }
            }
            else if ((command & 0xF8) == (byte)Nrf24Command.W_ACK_PAYLOAD)
            {
                // PS 7.4.1: ack payloads need EN_ACK_PAY (and DPL to go on air).
                if (registers.HasFeatures(Nrf24Feature.EN_ACK_PAY))
                {
                    radio.QueuePayload(mosi, mosiOffset + 1, count - 1, false, command & 0x07);
                }
            }
            else if (command == (byte)Nrf24Command.FLUSH_TX)
            {
                radio.FlushTransmit();
            }
            else if (command == (byte)Nrf24Command.FLUSH_RX)
            {
                rx.Clear();
            }
            else if (command == (byte)Nrf24Command.REUSE_TX_PL)
            {
                radio.Reuse = true;
            }

            // NOP (0xFF), ACTIVATE (0x50, nRF24L01 without '+') and undefined codes only clock out STATUS.
            radio.Evaluate();
        }

        /// <summary>The medium asks whether this chip hears <paramref name="packet"/> (RX mode, channel, rate, address).</summary>
        internal bool IsListening(AirPacket packet, long now)
        {
            return radio.IsListening(packet);
        }

        /// <summary>A packet addressed to this chip arrived; returns the ack to send, or null.</summary>
        internal AirPacket Receive(AirPacket packet, bool aboveRpdThreshold, long now)
        {
            return radio.Receive(packet, aboveRpdThreshold);
        }

        private byte Status()
        {
            // RX_P_NO (bits 3:1) is the pipe of the RX FIFO head, 111 when empty; TX_FULL is bit 0 (PS 9.1 reg 07).
            int pipeBits = rx.Count > 0 ? rx.Pipe(0) : 7;
            int value = (registers.Get(Nrf24Register.STATUS) & 0x70) | (pipeBits << 1) | (tx.IsFull ? 1 : 0);
            return (byte)value;
        }

        private byte ReadRegisterByte(int address, int index)
        {
            switch (address)
            {
                case (int)Nrf24Register.STATUS:
                    return Status();
                case (int)Nrf24Register.OBSERVE_TX:
                    return radio.ObserveTransmit;
                case (int)Nrf24Register.RPD:
                    return (byte)(radio.ReceivedPowerDetector ? 1 : 0);
                case (int)Nrf24Register.FIFO_STATUS:
                    int fifo = 0;
                    if (rx.Count == 0) fifo |= (int)Nrf24FifoStatus.RX_EMPTY;
                    if (rx.IsFull) fifo |= (int)Nrf24FifoStatus.RX_FULL;
                    if (tx.Count == 0) fifo |= (int)Nrf24FifoStatus.TX_EMPTY;
                    if (tx.IsFull) fifo |= (int)Nrf24FifoStatus.TX_FULL;
                    if (radio.Reuse) fifo |= (int)Nrf24FifoStatus.TX_REUSE;
                    return (byte)fifo;
                default:
                    return registers.Read(address, index);
            }
        }

        private void WriteRegister(int address, byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            switch (address)
            {
                case (int)Nrf24Register.STATUS:
                    radio.ClearStatusBits(data[offset]);
                    return;
                case (int)Nrf24Register.OBSERVE_TX:
                case (int)Nrf24Register.RPD:
                case (int)Nrf24Register.FIFO_STATUS:
                    return;
                case (int)Nrf24Register.CONFIG:
                    radio.WriteConfig((byte)(data[offset] & 0x7F));
                    return;
                case (int)Nrf24Register.RF_CH:
                    registers.Write(address, data, offset, count);
                    radio.ResetLostPackets(); // PS 7.4.2: PLOS_CNT resets when RF_CH is written.
                    return;
                default:
                    registers.Write(address, data, offset, count);
                    return;
            }
        }
    }
}
