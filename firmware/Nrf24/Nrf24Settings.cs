namespace DualReader.Firmware.Nrf24
{
    /// <summary>Radio configuration applied by <see cref="Nrf24Driver.Configure"/>; defaults follow the RF-SIM link.</summary>
    public sealed class Nrf24Settings
    {
        /// <summary>RF channel 0..125 (2400 + n MHz, PS 6.3).</summary>
        public int Channel { get; set; } = 76;

        /// <summary>Air data rate (PS 6.3).</summary>
        public Nrf24DataRate DataRate { get; set; } = Nrf24DataRate.Rate2Mbps;

        /// <summary>PA level (PS 6.5).</summary>
        public Nrf24PowerLevel PowerLevel { get; set; } = Nrf24PowerLevel.Minimum;

        /// <summary>Address width in bytes, 3 to 5 (SETUP_AW).</summary>
        public int AddressWidth { get; set; } = 5;

        /// <summary>CRC bytes, 1 or 2 (CONFIG CRCO).</summary>
        public int CrcLength { get; set; } = 2;

        /// <summary>Auto retransmit delay in µs, 250..4000 in steps of 250 (SETUP_RETR ARD).</summary>
        public int RetransmitDelayMicroseconds { get; set; } = 500;

        /// <summary>Auto retransmit count 0..15 (SETUP_RETR ARC).</summary>
        public int RetransmitCount { get; set; } = 3;

        /// <summary>Auto-acknowledgment on every pipe (EN_AA).</summary>
        public bool AutoAck { get; set; } = true;

        /// <summary>Dynamic payload length on every pipe (FEATURE EN_DPL, DYNPD).</summary>
        public bool DynamicPayloads { get; set; } = true;

        /// <summary>Payloads in acks (FEATURE EN_ACK_PAY; needs dynamic payloads, PS 7.4.1).</summary>
        public bool AckPayloads { get; set; } = true;

        /// <summary>W_TX_PAYLOAD_NOACK allowed (FEATURE EN_DYN_ACK).</summary>
        public bool DynamicAck { get; set; } = true;

        /// <summary>Static payload width for pipes 0 and 1 when dynamic payloads are off.</summary>
        public int StaticPayloadWidth { get; set; } = 32;
    }
}
