using System;
using DualReader.Firmware.Nrf24;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// One Enhanced ShockBurst packet on the simulated air (nRF24L01+ Product Specification v1.0, 7.3, figure 6):
    /// preamble, address, packet control field (payload length, PID, NO_ACK), payload, CRC.
    /// </summary>
    public sealed class AirPacket
    {
        /// <summary>Largest payload (7.3.4).</summary>
        public const int MaximumPayload = 32;

        /// <summary>The payload bytes (only the first <see cref="PayloadLength"/> count).</summary>
        public readonly byte[] Payload = new byte[MaximumPayload];

        /// <summary>The address bytes, LSB first as written to TX_ADDR (only <see cref="AddressWidth"/> count).</summary>
        public readonly byte[] Address = new byte[5];

        /// <summary>Payload bytes in this packet.</summary>
        public int PayloadLength { get; set; }

        /// <summary>Address width in bytes (3 to 5).</summary>
        public int AddressWidth { get; set; }

        /// <summary>RF channel (RF_CH).</summary>
        public int Channel { get; set; }

        /// <summary>Air data rate.</summary>
        public Nrf24DataRate DataRate { get; set; }

        /// <summary>CRC bytes (0, 1 or 2).</summary>
        public int CrcLength { get; set; }

        /// <summary>The 2-bit packet identity (7.3.3.2).</summary>
        public int Pid { get; set; }

        /// <summary>The NO_ACK bit as it is on air (7.3.3.3).</summary>
        public bool NoAckBit { get; set; }

        /// <summary>True for an acknowledgment packet.</summary>
        public bool IsAck { get; set; }

        /// <summary>Transmitter output power (dBm).</summary>
        public int PowerDbm { get; set; }

        /// <summary>The transmitting model.</summary>
        public Nrf24Model Sender { get; set; }

        /// <summary>
        /// Time on air in µs: preamble 1 byte, address, 9-bit packet control field, payload, CRC (7.3, figure 6),
        /// at 250 kbit/s, 1 or 2 Mbit/s. Rounded up.
        /// </summary>
        public static long AirMicroseconds(Nrf24DataRate rate, int addressWidth, int payloadLength, int crcLength)
        {
            long bits = 8 + 8 * addressWidth + 9 + 8 * payloadLength + 8 * crcLength;
            switch (rate)
            {
                case Nrf24DataRate.Rate2Mbps:
                    return (bits + 1) / 2;
                case Nrf24DataRate.Rate250kbps:
                    return bits * 4;
                default:
                    return bits;
            }
        }

        /// <summary>Time on air of this packet (µs).</summary>
        public long AirTime
        {
            get { return AirMicroseconds(DataRate, AddressWidth, PayloadLength, CrcLength); }
        }

        /// <summary>A checksum standing for the packet's CRC in duplicate detection (7.3.3.2).</summary>
        public int CrcStandIn()
        {
            int sum = PayloadLength * 31 + Pid;
            for (int i = 0; i < PayloadLength; i++)
            {
                sum = (sum * 33) ^ Payload[i];
            }

            return sum;
        }

        /// <summary>Copies <paramref name="source"/> into this packet.</summary>
        public void CopyFrom(AirPacket source)
        {
            Array.Copy(source.Payload, Payload, MaximumPayload);
            Array.Copy(source.Address, Address, 5);
            PayloadLength = source.PayloadLength;
            AddressWidth = source.AddressWidth;
            Channel = source.Channel;
            DataRate = source.DataRate;
            CrcLength = source.CrcLength;
            Pid = source.Pid;
            NoAckBit = source.NoAckBit;
            IsAck = source.IsAck;
            PowerDbm = source.PowerDbm;
            Sender = source.Sender;
        }
    }
}
