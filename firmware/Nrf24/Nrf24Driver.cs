using System;
using DualReader.Hal;

namespace DualReader.Firmware.Nrf24
{
    /// <summary>
    /// Driver for the Nordic nRF24L01+ (Product Specification v1.0, "PS" below) over the hal: detection by register
    /// read-back, configuration, Enhanced ShockBurst send with TX_DS / MAX_RT on the IRQ line, receive with dynamic
    /// width checks, ack payloads. STATUS is clocked out with the first byte of every SPI frame (PS 8.3.1) and
    /// cached from every transfer, as RF24 does, so most decisions cost no extra SPI call.
    /// </summary>
    /// <remarks>
    /// All buffers are allocated here once; no method allocates. Every SPI frame is one call (one chip-select
    /// frame); <see cref="SpiTransfers"/> counts them so callers can measure an operation's cost.
    /// </remarks>
    public sealed class Nrf24Driver
    {
        /// <summary>Largest payload (PS 7.3.4).</summary>
        public const int MaximumPayload = 32;

        /// <summary>Power down to standby-I (PS table 16, Tpd2stby 1.5 ms with the crystal oscillator).</summary>
        public const int PowerUpMicroseconds = 1500;

        /// <summary>Standby to RX/TX settling (PS table 16, Tstby2a 130 µs).</summary>
        public const int SettlingMicroseconds = 130;

        /// <summary>Minimum CE high time that starts a transmission (PS table 16, Thce 10 µs).</summary>
        public const int ChipEnablePulseMicroseconds = 10;

        private readonly ISpiDevice spi;
        private readonly IOutputPin chipEnable;
        private readonly IInputPin irq;
        private readonly IClock clock;
        private readonly byte[] transmitBuffer = new byte[MaximumPayload + 1];
        private readonly byte[] receiveBuffer = new byte[MaximumPayload + 1];
        private Nrf24Status status;

        // NOP bytes clocked out while a payload is read (PS 8.3.1), copied in one native call rather than a C# loop.
        private static readonly byte[] NopBytes = NopByteList();
        private Nrf24Settings settings = new Nrf24Settings();
        private byte config;
        private bool listening;
        private int spiTransfers;

        // What the send path needs of the settings applied, read per packet: a field read costs the interpreter less
        // than a property call, and a table read less than WorstCaseTransactionMicroseconds' arithmetic.
        private int addressWidth;
        private readonly int[] worstCaseMicroseconds = new int[MaximumPayload + 1];

        /// <summary>A driver for the chip on <paramref name="spi"/> with its CE and IRQ lines.</summary>
        public Nrf24Driver(ISpiDevice spi, IOutputPin chipEnable, IInputPin irq, IClock clock)
        {
            if (spi == null || chipEnable == null || irq == null || clock == null)
            {
                throw new ArgumentNullException(spi == null ? "spi" : chipEnable == null ? "chipEnable" : irq == null ? "irq" : "clock");
            }

            this.spi = spi;
            this.chipEnable = chipEnable;
            this.irq = irq;
            this.clock = clock;
            CacheSettings();
        }

        /// <summary>STATUS as clocked out by the last SPI frame.</summary>
        public Nrf24Status Status
        {
            get { return status; }
        }

        /// <summary>SPI frames issued since construction.</summary>
        public int SpiTransfers
        {
            get { return spiTransfers; }
        }

        /// <summary>The settings last applied.</summary>
        public Nrf24Settings Settings
        {
            get { return settings; }
        }

        /// <summary>
        /// Checks that a chip answers, by writing SETUP_AW and reading it back twice with different values
        /// (an absent chip reads 0x00 or 0xFF). Throws <see cref="InvalidOperationException"/> when it does not.
        /// </summary>
        public void Detect()
        {
            chipEnable.Write(false);
            for (byte probe = 0x01; probe <= 0x02; probe++)
            {
                WriteRegister(Nrf24Register.SETUP_AW, probe);
                byte readBack = ReadRegister(Nrf24Register.SETUP_AW);
                if (readBack != probe)
                {
                    throw new InvalidOperationException("nRF24L01+ not responding: SETUP_AW read back 0x" + readBack.ToString("X2") + " after writing 0x" + probe.ToString("X2"));
                }
            }
        }

        /// <summary>
        /// Detects the chip, powers it down, applies <paramref name="newSettings"/>, flushes the FIFOs, clears the
        /// interrupts and powers up again (waiting Tpd2stby), leaving it in standby-I as a PTX.
        /// </summary>
        public void Configure(Nrf24Settings newSettings)
        {
            if (newSettings == null)
            {
                throw new ArgumentNullException("newSettings");
            }

            if (newSettings.Channel < 0 || newSettings.Channel > 125)
            {
                throw new ArgumentOutOfRangeException("Channel");
            }

            if (newSettings.AddressWidth < 3 || newSettings.AddressWidth > 5)
            {
                throw new ArgumentOutOfRangeException("AddressWidth");
            }

            if (newSettings.RetransmitDelayMicroseconds < 250 || newSettings.RetransmitDelayMicroseconds > 4000 || newSettings.RetransmitDelayMicroseconds % 250 != 0)
            {
                throw new ArgumentOutOfRangeException("RetransmitDelayMicroseconds");
            }

            if (newSettings.RetransmitCount < 0 || newSettings.RetransmitCount > 15)
            {
                throw new ArgumentOutOfRangeException("RetransmitCount");
            }

            if (newSettings.CrcLength < 1 || newSettings.CrcLength > 2)
            {
                throw new ArgumentOutOfRangeException("CrcLength");
            }

            if (newSettings.AckPayloads && !newSettings.DynamicPayloads)
            {
                throw new ArgumentException("ack payloads need dynamic payloads (PS 7.4.1)");
            }

            Detect();
            settings = newSettings;
            CacheSettings();
            listening = false;
            config = (byte)(Nrf24Config.EN_CRC | (newSettings.CrcLength == 2 ? Nrf24Config.CRCO : Nrf24Config.None));
            WriteRegister(Nrf24Register.CONFIG, config);
            WriteRegister(Nrf24Register.SETUP_AW, (byte)(newSettings.AddressWidth - 2));
            WriteRegister(Nrf24Register.SETUP_RETR, (byte)(((newSettings.RetransmitDelayMicroseconds / 250 - 1) << 4) | newSettings.RetransmitCount));
            WriteRegister(Nrf24Register.RF_CH, (byte)newSettings.Channel);
            WriteRegister(Nrf24Register.RF_SETUP, RfSetupValue(newSettings));
            byte feature = 0;
            if (newSettings.DynamicPayloads) feature |= (byte)Nrf24Feature.EN_DPL;
            if (newSettings.AckPayloads) feature |= (byte)Nrf24Feature.EN_ACK_PAY;
            if (newSettings.DynamicAck) feature |= (byte)Nrf24Feature.EN_DYN_ACK;
            WriteRegister(Nrf24Register.FEATURE, feature);
            WriteRegister(Nrf24Register.DYNPD, (byte)(newSettings.DynamicPayloads ? 0x3F : 0x00));
            WriteRegister(Nrf24Register.EN_AA, (byte)(newSettings.AutoAck ? 0x3F : 0x00));
            WriteRegister(Nrf24Register.EN_RXADDR, 0x03);
            if (!newSettings.DynamicPayloads)
            {
                WriteRegister(Nrf24Register.RX_PW_P0, (byte)newSettings.StaticPayloadWidth);
                WriteRegister(Nrf24Register.RX_PW_P1, (byte)newSettings.StaticPayloadWidth);
            }

            FlushTransmit();
            FlushReceive();
            ClearInterrupts();
            config |= (byte)Nrf24Config.PWR_UP;
            WriteRegister(Nrf24Register.CONFIG, config);

            // No status bit tells when the oscillator runs: wait the datasheet minimum (PS 6.1.7, table 16).
            clock.Delay(PowerUpMicroseconds);
        }

        private static byte RfSetupValue(Nrf24Settings value)
        {
            byte setup = (byte)((int)value.PowerLevel << 1);
            if (value.DataRate == Nrf24DataRate.Rate2Mbps)
            {
                setup |= (byte)Nrf24RfSetup.RF_DR_HIGH;
            }
            else if (value.DataRate == Nrf24DataRate.Rate250kbps)
            {
                setup |= (byte)Nrf24RfSetup.RF_DR_LOW;
            }

            return setup;
        }

        /// <summary>Sets the PA level (RF_SETUP RF_PWR) without touching the rest; standby only.</summary>
        public void SetPowerLevel(Nrf24PowerLevel level)
        {
            settings.PowerLevel = level;
            WriteRegister(Nrf24Register.RF_SETUP, RfSetupValue(settings));
        }

        /// <summary>
        /// Points the transmitter at <paramref name="address"/> (TX_ADDR) and pipe 0 at the same address so that
        /// the acks come back (PS 7.4.2: "RX_ADDR_P0 equal to TX_ADDR").
        /// </summary>
        public void SetTransmitAddress(byte[] address, int offset)
        {
            WriteAddress(Nrf24Register.TX_ADDR, address, offset);
            WriteAddress(Nrf24Register.RX_ADDR_P0, address, offset);
        }

        /// <summary>Sets the receive address of pipe 1 (full width) for the PRX role.</summary>
        public void SetReceiveAddress(byte[] address, int offset)
        {
            WriteAddress(Nrf24Register.RX_ADDR_P1, address, offset);
        }

        private void WriteAddress(Nrf24Register register, byte[] address, int offset)
        {
            int width = addressWidth;
            if (address == null || offset < 0 || offset + width > address.Length)
            {
                throw new ArgumentException("address");
            }

            transmitBuffer[0] = (byte)((byte)Nrf24Command.W_REGISTER | (byte)register);
            Array.Copy(address, offset, transmitBuffer, 1, width);
            Exchange(1 + width);
        }

        /// <summary>PRX: PRIM_RX = 1, CE high; the chip listens after Tstby2a.</summary>
        public void StartListening()
        {
            config |= (byte)Nrf24Config.PRIM_RX;
            WriteRegister(Nrf24Register.CONFIG, config);
            chipEnable.Write(true);
            listening = true;
        }

        /// <summary>Back to PTX standby-I (CE low, PRIM_RX = 0).</summary>
        public void StopListening()
        {
            chipEnable.Write(false);
            config = (byte)(config & ~(byte)Nrf24Config.PRIM_RX);
            WriteRegister(Nrf24Register.CONFIG, config);
            listening = false;
        }

        /// <summary>
        /// Sends one payload as PTX and waits on the IRQ line for TX_DS or MAX_RT. An ack payload, when one came back,
        /// is stored in <paramref name="ackBuffer"/> (32 bytes room) and its length in <paramref name="ackLength"/>
        /// (0 without one). On MAX_RT the payload is flushed. Costs 2 SPI frames (payload, STATUS clear), plus 2 to
        /// read an ack payload, plus 1 to flush after MAX_RT.
        /// </summary>
        public Nrf24SendResult Send(byte[] payload, int offset, int count, bool requestAck, byte[] ackBuffer, int ackOffset, out int ackLength)
        {
            if (payload == null || count < 0 || count > MaximumPayload || offset < 0 || offset + count > payload.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (listening)
            {
                throw new InvalidOperationException("the radio is listening (PRX)");
            }

            ackLength = 0;
            transmitBuffer[0] = (byte)(requestAck ? Nrf24Command.W_TX_PAYLOAD : Nrf24Command.W_TX_PAYLOAD_NOACK);
            Array.Copy(payload, offset, transmitBuffer, 1, count);
            Exchange(1 + count);
            if ((((int)status >> 1) & 0x07) != 7)
            {
                // The RX FIFO still holds an ack payload of an earlier transaction (its read was lost, e.g. to a bus
                // glitch). As PTX only ack payloads arrive (PS 7.4.1), so it is stale: left there, every later ack
                // payload would be read one transaction late. STATUS came with the payload write (PS 8.3.1).
                FlushReceive();
            }

            // PS 6.1.5: a CE pulse of at least Thce starts one packet; the chip then finishes the whole ESB
            // transaction (retransmits included) on its own. No status bit exists for "Thce elapsed".
            chipEnable.Write(true);
            clock.Delay(ChipEnablePulseMicroseconds);
            chipEnable.Write(false);

            if (!irq.WaitForLevel(false, worstCaseMicroseconds[count]))
            {
                FlushTransmit();
                return Nrf24SendResult.ChipTimeout;
            }

            Nrf24Status interrupts = ClearInterrupts();
            if ((interrupts & Nrf24Status.MAX_RT) != 0)
            {
                // PS 7.8.7: the payload stays in the TX FIFO after MAX_RT; the protocol above decides what to resend.
                FlushTransmit();
                return Nrf24SendResult.MaxRetransmits;
            }

            if ((interrupts & Nrf24Status.RX_DR) != 0 && ackBuffer != null)
            {
                int pipe;
                Nrf24ReceiveResult result = TryReceive(ackBuffer, ackOffset, out ackLength, out pipe);
                if (result != Nrf24ReceiveResult.Received)
                {
                    ackLength = 0;
                }
            }

            return Nrf24SendResult.Sent;
        }

        private void CacheSettings()
        {
            addressWidth = settings.AddressWidth;
            for (int length = 0; length <= MaximumPayload; length++)
            {
                worstCaseMicroseconds[length] = WorstCaseTransactionMicroseconds(length);
            }
        }

        /// <summary>
        /// Upper bound of one ESB transaction from the CE pulse to its interrupt: settling, then every attempt's
        /// packet time plus ARD (PS 7.4.2), with a 1 ms margin for the host's own latency.
        /// </summary>
        public int WorstCaseTransactionMicroseconds(int payloadLength)
        {
            int bits = 8 + 8 * settings.AddressWidth + 9 + 8 * payloadLength + 8 * settings.CrcLength;
            int packet = settings.DataRate == Nrf24DataRate.Rate2Mbps ? (bits + 1) / 2 : settings.DataRate == Nrf24DataRate.Rate1Mbps ? bits : bits * 4;
            int attempts = settings.RetransmitCount + 1;
            return ChipEnablePulseMicroseconds + SettlingMicroseconds + attempts * (packet + settings.RetransmitDelayMicroseconds) + 1000;
        }

        /// <summary>
        /// Reads the RX FIFO head when there is one (known from the cached STATUS RX_P_NO; call
        /// <see cref="ClearInterrupts"/> or <see cref="ReadStatus"/> first for a fresh value). Checks R_RX_PL_WID
        /// and flushes the RX FIFO when it reports more than 32 bytes (PS 8.3.1, R_RX_PL_WID note).
        /// </summary>
        public Nrf24ReceiveResult TryReceive(byte[] buffer, int offset, out int length, out int pipe)
        {
            length = 0;
            pipe = ((int)status >> 1) & 0x07;
            if (pipe == 7)
            {
                return Nrf24ReceiveResult.Empty;
            }

            if (buffer == null || offset < 0 || offset + MaximumPayload > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("buffer");
            }

            int width;
            if (settings.DynamicPayloads)
            {
                transmitBuffer[0] = (byte)Nrf24Command.R_RX_PL_WID;
                transmitBuffer[1] = (byte)Nrf24Command.NOP;
                Exchange(2);
                pipe = ((int)status >> 1) & 0x07;
                if (pipe == 7)
                {
                    return Nrf24ReceiveResult.Empty; // the cached STATUS was stale: nothing left
                }

                width = receiveBuffer[1];
                if (width > MaximumPayload)
                {
                    FlushReceive();
                    return Nrf24ReceiveResult.InvalidWidth;
                }
            }
            else
            {
                width = settings.StaticPayloadWidth;
            }

            transmitBuffer[0] = (byte)Nrf24Command.R_RX_PAYLOAD;
            Array.Copy(NopBytes, 0, transmitBuffer, 1, width);

            Exchange(1 + width);
            Array.Copy(receiveBuffer, 1, buffer, offset, width);
            length = width;
            return Nrf24ReceiveResult.Received;
        }

        /// <summary>
        /// Queues a payload for the ack of the next packet on <paramref name="pipe"/> (W_ACK_PAYLOAD, PS 7.4.1).
        /// Returns false when the TX FIFO was full (cached TX_FULL) and nothing was written.
        /// </summary>
        public bool WriteAckPayload(int pipe, byte[] payload, int offset, int count)
        {
            if (pipe < 0 || pipe > 5 || payload == null || count < 0 || count > MaximumPayload || offset < 0 || offset + count > payload.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if ((status & Nrf24Status.TX_FULL) != 0)
            {
                return false;
            }

            transmitBuffer[0] = (byte)((byte)Nrf24Command.W_ACK_PAYLOAD | pipe);
            Array.Copy(payload, offset, transmitBuffer, 1, count);
            Exchange(1 + count);
            if ((((int)status >> 1) & 0x07) != 7)
            {
                // The RX FIFO still holds an ack payload of an earlier transaction (its read was lost, e.g. to a bus
                // glitch). As PTX only ack payloads arrive (PS 7.4.1), so it is stale: left there, every later ack
                // payload would be read one transaction late. STATUS came with the payload write (PS 8.3.1).
                FlushReceive();
            }
            return true;
        }

        /// <summary>Waits on the IRQ line (active low) for any unmasked interrupt.</summary>
        public bool WaitForInterrupt(int timeoutMicroseconds)
        {
            return irq.WaitForLevel(false, timeoutMicroseconds);
        }

        /// <summary>True while the IRQ line is asserted (low).</summary>
        public bool InterruptPending
        {
            get { return !irq.Read(); }
        }

        /// <summary>Clears RX_DR, TX_DS and MAX_RT in one frame and returns STATUS as it was before (PS 9.1 reg 07).</summary>
        public Nrf24Status ClearInterrupts()
        {
            transmitBuffer[0] = (byte)((byte)Nrf24Command.W_REGISTER | (byte)Nrf24Register.STATUS);
            transmitBuffer[1] = (byte)(Nrf24Status.RX_DR | Nrf24Status.TX_DS | Nrf24Status.MAX_RT);
            Exchange(2);
            Nrf24Status before = status;
            status = (Nrf24Status)((byte)before & ~0x70);
            return before;
        }

        /// <summary>Reads STATUS with a NOP (one 1-byte frame).</summary>
        public Nrf24Status ReadStatus()
        {
            transmitBuffer[0] = (byte)Nrf24Command.NOP;
            Exchange(1);
            return status;
        }

        /// <summary>Reads RPD: a packet (or carrier) above -64 dBm was received (PS 6.4).</summary>
        public bool ReadReceivedPowerDetector()
        {
            return (ReadRegister(Nrf24Register.RPD) & 0x01) != 0;
        }

        /// <summary>OBSERVE_TX: lost packets (PLOS_CNT) in bits 7:4, retransmits of the last packet (ARC_CNT) in 3:0.</summary>
        public byte ReadObserveTransmit()
        {
            return ReadRegister(Nrf24Register.OBSERVE_TX);
        }

        /// <summary>FLUSH_TX.</summary>
        public void FlushTransmit()
        {
            transmitBuffer[0] = (byte)Nrf24Command.FLUSH_TX;
            Exchange(1);
        }

        /// <summary>FLUSH_RX.</summary>
        public void FlushReceive()
        {
            transmitBuffer[0] = (byte)Nrf24Command.FLUSH_RX;
            Exchange(1);
        }

        /// <summary>True while PWR_UP is set (standby or active), false after <see cref="PowerDown"/>.</summary>
        public bool IsPoweredUp
        {
            get { return (config & (byte)Nrf24Config.PWR_UP) != 0; }
        }

        /// <summary>
        /// Leaves power-down (PWR_UP = 1) and waits Tpd2stby (PS 6.1.7, table 16: no status bit says when the
        /// oscillator runs). The registers keep their values in power-down (PS 6.1.2), so nothing else is written.
        /// </summary>
        public void PowerUp()
        {
            if (IsPoweredUp)
            {
                return;
            }

            config |= (byte)Nrf24Config.PWR_UP;
            WriteRegister(Nrf24Register.CONFIG, config);
            clock.Delay(PowerUpMicroseconds);
        }

        /// <summary>Powers the chip down (CE low, PWR_UP = 0).</summary>
        public void PowerDown()
        {
            chipEnable.Write(false);
            listening = false;
            config = (byte)(config & ~(byte)Nrf24Config.PWR_UP);
            WriteRegister(Nrf24Register.CONFIG, config);
        }

        /// <summary>Reads a one-byte register.</summary>
        public byte ReadRegister(Nrf24Register register)
        {
            transmitBuffer[0] = (byte)((byte)Nrf24Command.R_REGISTER | (byte)register);
            transmitBuffer[1] = (byte)Nrf24Command.NOP;
            Exchange(2);
            return receiveBuffer[1];
        }

        /// <summary>Writes a one-byte register (the chip accepts it in power down and standby, PS 8.3.1).</summary>
        public void WriteRegister(Nrf24Register register, byte value)
        {
            transmitBuffer[0] = (byte)((byte)Nrf24Command.W_REGISTER | (byte)register);
            transmitBuffer[1] = value;
            Exchange(2);
        }

        private void Exchange(int count)
        {
            byte[] received = receiveBuffer;
            spi.TransferFullDuplex(transmitBuffer, 0, received, 0, count);
            spiTransfers++;
            status = (Nrf24Status)received[0];
        }

        private static byte[] NopByteList()
        {
            byte[] nops = new byte[MaximumPayload];
            for (int i = 0; i < nops.Length; i++)
            {
                nops[i] = (byte)Nrf24Command.NOP;
            }

            return nops;
        }
    }
}
