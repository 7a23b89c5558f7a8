using DualReader.Firmware.Nrf24;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// The register map of the nRF24L01+ model (Product Specification v1.0, "PS" below, 9.1): reset values, the bits
    /// each register keeps on a write, the three 5-byte address registers, and the radio settings the chip reads
    /// from them. It holds values only; what a write sets in motion (CONFIG power and mode changes, STATUS
    /// write-1-to-clear, PLOS_CNT reset by RF_CH) and the registers computed from the chip's state (STATUS,
    /// OBSERVE_TX, RPD, FIFO_STATUS) belong to <see cref="Nrf24Model"/>.
    /// </summary>
    public sealed class Nrf24RegisterFile
    {
        private const int AddressLength = 5;

        private readonly byte[] registers = new byte[0x20];
        private readonly byte[] rxAddressPipe0 = new byte[AddressLength];
        private readonly byte[] rxAddressPipe1 = new byte[AddressLength];
        private readonly byte[] txAddress = new byte[AddressLength];

        /// <summary>Registers at their reset values.</summary>
        public Nrf24RegisterFile()
        {
            Reset();
        }

        /// <summary>The value held at <paramref name="register"/> (one-byte registers; bits as stored).</summary>
        public byte Get(Nrf24Register register)
        {
            return registers[(int)register];
        }

        /// <summary>Stores <paramref name="value"/> at <paramref name="register"/> as it is (the model's own updates).</summary>
        public void Set(Nrf24Register register, byte value)
        {
            registers[(int)register] = value;
        }

        /// <summary>TX_ADDR, LSB first.</summary>
        public byte[] TransmitAddress
        {
            get { return txAddress; }
        }

        /// <summary>Sets the PS 9.1 reset values.</summary>
        public void Reset()
        {
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
            for (int i = 0; i < AddressLength; i++)
            {
                rxAddressPipe0[i] = 0xE7;
                rxAddressPipe1[i] = 0xC2;
                txAddress[i] = 0xE7;
            }
        }

        /// <summary>
        /// Byte <paramref name="index"/> of an R_REGISTER answer (PS 8.3.1): the address registers give their five
        /// bytes, every other register its value then zeros.
        /// </summary>
        public byte Read(int address, int index)
        {
            switch (address)
            {
                case (int)Nrf24Register.RX_ADDR_P0:
                    return index < AddressLength ? rxAddressPipe0[index] : (byte)0;
                case (int)Nrf24Register.RX_ADDR_P1:
                    return index < AddressLength ? rxAddressPipe1[index] : (byte)0;
                case (int)Nrf24Register.TX_ADDR:
                    return index < AddressLength ? txAddress[index] : (byte)0;
                default:
                    return index == 0 ? registers[address] : (byte)0;
            }
        }

        /// <summary>
        /// A W_REGISTER of <paramref name="count"/> data bytes to a register without side effects: the address
        /// registers take up to five bytes, the others the bits they implement (PS 9.1); reserved addresses
        /// (0x18..0x1B) and the read-only ones ignore it.
        /// </summary>
        public void Write(int address, byte[] data, int offset, int count)
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
                case (int)Nrf24Register.RF_CH:
                    registers[address] = (byte)(value & 0x7F);
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
                    return;
            }
        }

        /// <summary>Address width in bytes (SETUP_AW: 01 = 3, 10 = 4, 11 = 5; 00 is illegal and read as 3).</summary>
        public int AddressWidth
        {
            get
            {
                int fieldValue = registers[(int)Nrf24Register.SETUP_AW] & 0x03;
                return fieldValue == 0 ? 3 : fieldValue + 2;
            }
        }

        /// <summary>Air data rate from RF_SETUP (RF_DR_LOW wins over RF_DR_HIGH, PS 9.1 reg 06).</summary>
        public Nrf24DataRate DataRate
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

        /// <summary>CRC bytes on air: 0, 1 or 2.</summary>
        public int CrcLength
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

        /// <summary>ARD: time from the end of a packet to its retransmission (PS 9.1 reg 04: (n + 1) × 250 µs).</summary>
        public int AutoRetransmitDelayMicroseconds
        {
            get { return ((registers[(int)Nrf24Register.SETUP_RETR] >> 4) + 1) * 250; }
        }

        /// <summary>ARC: retransmissions before MAX_RT (PS 9.1 reg 04).</summary>
        public int RetransmitLimit
        {
            get { return registers[(int)Nrf24Register.SETUP_RETR] & 0x0F; }
        }

        /// <summary>True when CONFIG PRIM_RX is set.</summary>
        public bool PrimaryRx
        {
            get { return (registers[(int)Nrf24Register.CONFIG] & (byte)Nrf24Config.PRIM_RX) != 0; }
        }

        /// <summary>True when FEATURE has all of <paramref name="bits"/>.</summary>
        public bool HasFeatures(Nrf24Feature bits)
        {
            return (registers[(int)Nrf24Register.FEATURE] & (byte)bits) == (byte)bits;
        }

        /// <summary>True when EN_AA enables auto-acknowledgment on <paramref name="pipe"/>.</summary>
        public bool AutoAck(int pipe)
        {
            return (registers[(int)Nrf24Register.EN_AA] & (1 << pipe)) != 0;
        }

        /// <summary>True when EN_RXADDR enables <paramref name="pipe"/>.</summary>
        public bool PipeEnabled(int pipe)
        {
            return (registers[(int)Nrf24Register.EN_RXADDR] & (1 << pipe)) != 0;
        }

        /// <summary>True when <paramref name="pipe"/> takes dynamic payload lengths (FEATURE EN_DPL and DYNPD, PS 7.3.4).</summary>
        public bool DynamicPayload(int pipe)
        {
            return (registers[(int)Nrf24Register.FEATURE] & (byte)Nrf24Feature.EN_DPL) != 0
                && (registers[(int)Nrf24Register.DYNPD] & (1 << pipe)) != 0;
        }

        /// <summary>The static payload width of <paramref name="pipe"/> (RX_PW_Px; 0: pipe unused).</summary>
        public int StaticPayloadWidth(int pipe)
        {
            return registers[(int)Nrf24Register.RX_PW_P0 + pipe];
        }

        /// <summary>True when TX_ADDR equals RX_ADDR_P0 over the address width (PS 7.4.2: acks arrive on pipe 0).</summary>
        public bool TransmitAddressOnPipe0
        {
            get { return AddressEquals(rxAddressPipe0, txAddress, AddressWidth); }
        }

        /// <summary>True when <paramref name="address"/> is the address of <paramref name="pipe"/> (PS 7.6).</summary>
        public bool PipeMatches(int pipe, byte[] address, int width)
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

        /// <summary>
        /// Output power in dBm from RF_SETUP (PS 6.5 table 15). With <paramref name="si24r1"/>, bit 0 is RF_PWR[0] of
        /// the Si24R1's 3-bit PA field (see <see cref="Nrf24Model.Si24R1"/>).
        /// </summary>
        public int OutputPowerDbm(bool si24r1)
        {
            int fieldValue = (registers[(int)Nrf24Register.RF_SETUP] >> 1) & 0x03;
            if (!si24r1)
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

        private static void CopyAddress(byte[] data, int offset, int count, byte[] address)
        {
            for (int i = 0; i < count && i < AddressLength; i++)
            {
                address[i] = data[offset + i];
            }
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
    }
}
