using System;

namespace DualReader.Firmware.Nrf24
{
    /// <summary>nRF24L01+ register addresses (Product Specification v1.0, section 9.1 "Register map table").</summary>
    public enum Nrf24Register : byte
    {
        /// <summary>Configuration: IRQ masks, CRC, power, primary RX/TX.</summary>
        CONFIG = 0x00,
        /// <summary>Enhanced ShockBurst auto acknowledgment per pipe.</summary>
        EN_AA = 0x01,
        /// <summary>Enabled RX pipes.</summary>
        EN_RXADDR = 0x02,
        /// <summary>Address width: 01 = 3, 10 = 4, 11 = 5 bytes.</summary>
        SETUP_AW = 0x03,
        /// <summary>Auto retransmit delay (ARD, bits 7:4) and count (ARC, bits 3:0).</summary>
        SETUP_RETR = 0x04,
        /// <summary>RF channel (2400 + RF_CH MHz).</summary>
        RF_CH = 0x05,
        /// <summary>Data rate and PA level.</summary>
        RF_SETUP = 0x06,
        /// <summary>Status: interrupts, RX pipe number, TX FIFO full.</summary>
        STATUS = 0x07,
        /// <summary>Lost packets (PLOS_CNT, 7:4) and retransmits of the last packet (ARC_CNT, 3:0).</summary>
        OBSERVE_TX = 0x08,
        /// <summary>Received power detector (bit 0, above -64 dBm).</summary>
        RPD = 0x09,
        /// <summary>Pipe 0 receive address (5 bytes, LSB first).</summary>
        RX_ADDR_P0 = 0x0A,
        /// <summary>Pipe 1 receive address (5 bytes, LSB first).</summary>
        RX_ADDR_P1 = 0x0B,
        /// <summary>Pipe 2 address LSB (other bytes from pipe 1).</summary>
        RX_ADDR_P2 = 0x0C,
        /// <summary>Pipe 3 address LSB.</summary>
        RX_ADDR_P3 = 0x0D,
        /// <summary>Pipe 4 address LSB.</summary>
        RX_ADDR_P4 = 0x0E,
        /// <summary>Pipe 5 address LSB.</summary>
        RX_ADDR_P5 = 0x0F,
        /// <summary>Transmit address (5 bytes, LSB first).</summary>
        TX_ADDR = 0x10,
        /// <summary>Static payload width of pipe 0 (0 = pipe unused).</summary>
        RX_PW_P0 = 0x11,
        /// <summary>Static payload width of pipe 1.</summary>
        RX_PW_P1 = 0x12,
        /// <summary>Static payload width of pipe 2.</summary>
        RX_PW_P2 = 0x13,
        /// <summary>Static payload width of pipe 3.</summary>
        RX_PW_P3 = 0x14,
        /// <summary>Static payload width of pipe 4.</summary>
        RX_PW_P4 = 0x15,
        /// <summary>Static payload width of pipe 5.</summary>
        RX_PW_P5 = 0x16,
        /// <summary>FIFO status.</summary>
        FIFO_STATUS = 0x17,
        /// <summary>Dynamic payload length per pipe.</summary>
        DYNPD = 0x1C,
        /// <summary>Feature register: EN_DPL, EN_ACK_PAY, EN_DYN_ACK.</summary>
        FEATURE = 0x1D
    }

    /// <summary>SPI commands (Product Specification v1.0, section 8.3.1, table 20).</summary>
    public enum Nrf24Command : byte
    {
        /// <summary>000A AAAA: read a register.</summary>
        R_REGISTER = 0x00,
        /// <summary>001A AAAA: write a register (power down or standby only).</summary>
        W_REGISTER = 0x20,
        /// <summary>Read the top RX payload and remove it.</summary>
        R_RX_PAYLOAD = 0x61,
        /// <summary>Write a TX payload.</summary>
        W_TX_PAYLOAD = 0xA0,
        /// <summary>Empty the TX FIFO.</summary>
        FLUSH_TX = 0xE1,
        /// <summary>Empty the RX FIFO.</summary>
        FLUSH_RX = 0xE2,
        /// <summary>Resend the last payload while CE is high.</summary>
        REUSE_TX_PL = 0xE3,
        /// <summary>Width of the top RX payload (dynamic payloads).</summary>
        R_RX_PL_WID = 0x60,
        /// <summary>1010 1PPP: payload for the ack of pipe PPP.</summary>
        W_ACK_PAYLOAD = 0xA8,
        /// <summary>TX payload without auto-acknowledgment (needs EN_DYN_ACK).</summary>
        W_TX_PAYLOAD_NOACK = 0xB0,
        /// <summary>No operation; clocks out STATUS.</summary>
        NOP = 0xFF
    }

    /// <summary>CONFIG bits (section 9.1, register 00).</summary>
    [Flags]
    public enum Nrf24Config : byte
    {
        /// <summary>No bit set.</summary>
        None = 0,
        /// <summary>1 = PRX, 0 = PTX.</summary>
        PRIM_RX = 0x01,
        /// <summary>Power up.</summary>
        PWR_UP = 0x02,
        /// <summary>CRC length: 0 = 1 byte, 1 = 2 bytes.</summary>
        CRCO = 0x04,
        /// <summary>Enable CRC (forced high when any EN_AA bit is set).</summary>
        EN_CRC = 0x08,
        /// <summary>Keep MAX_RT off the IRQ pin.</summary>
        MASK_MAX_RT = 0x10,
        /// <summary>Keep TX_DS off the IRQ pin.</summary>
        MASK_TX_DS = 0x20,
        /// <summary>Keep RX_DR off the IRQ pin.</summary>
        MASK_RX_DR = 0x40
    }

    /// <summary>STATUS bits (section 9.1, register 07).</summary>
    [Flags]
    public enum Nrf24Status : byte
    {
        /// <summary>No bit set.</summary>
        None = 0,
        /// <summary>TX FIFO full.</summary>
        TX_FULL = 0x01,
        /// <summary>RX_P_NO field (bits 3:1); 111 = RX FIFO empty.</summary>
        RX_P_NO_MASK = 0x0E,
        /// <summary>Maximum number of retransmits reached (write 1 to clear).</summary>
        MAX_RT = 0x10,
        /// <summary>Data sent (and acknowledged, with auto-ack) (write 1 to clear).</summary>
        TX_DS = 0x20,
        /// <summary>Data ready in the RX FIFO (write 1 to clear).</summary>
        RX_DR = 0x40
    }

    /// <summary>FIFO_STATUS bits (section 9.1, register 17).</summary>
    [Flags]
    public enum Nrf24FifoStatus : byte
    {
        /// <summary>No bit set.</summary>
        None = 0,
        /// <summary>RX FIFO empty.</summary>
        RX_EMPTY = 0x01,
        /// <summary>RX FIFO full.</summary>
        RX_FULL = 0x02,
        /// <summary>TX FIFO empty.</summary>
        TX_EMPTY = 0x10,
        /// <summary>TX FIFO full.</summary>
        TX_FULL = 0x20,
        /// <summary>Reuse the last TX payload (set by REUSE_TX_PL).</summary>
        TX_REUSE = 0x40
    }

    /// <summary>FEATURE bits (section 9.1, register 1D).</summary>
    [Flags]
    public enum Nrf24Feature : byte
    {
        /// <summary>No bit set.</summary>
        None = 0,
        /// <summary>Enables W_TX_PAYLOAD_NOACK.</summary>
        EN_DYN_ACK = 0x01,
        /// <summary>Enables payload with ack.</summary>
        EN_ACK_PAY = 0x02,
        /// <summary>Enables dynamic payload length.</summary>
        EN_DPL = 0x04
    }

    /// <summary>RF_SETUP bits (section 9.1, register 06).</summary>
    [Flags]
    public enum Nrf24RfSetup : byte
    {
        /// <summary>No bit set.</summary>
        None = 0,
        /// <summary>Obsolete on the nRF24L01+ ("don't care"); RF_PWR bit 0 on the Si24R1.</summary>
        LNA_OR_PWR0 = 0x01,
        /// <summary>RF_PWR field (bits 2:1): 00 -18 dBm, 01 -12, 10 -6, 11 0 dBm.</summary>
        RF_PWR_MASK = 0x06,
        /// <summary>RF_DR_HIGH: 2 Mbit/s (with RF_DR_LOW = 0).</summary>
        RF_DR_HIGH = 0x08,
        /// <summary>Force PLL lock (test only).</summary>
        PLL_LOCK = 0x10,
        /// <summary>RF_DR_LOW: 250 kbit/s.</summary>
        RF_DR_LOW = 0x20,
        /// <summary>Continuous carrier (test only).</summary>
        CONT_WAVE = 0x80
    }

    /// <summary>Air data rate (RF_SETUP RF_DR_LOW / RF_DR_HIGH).</summary>
    public enum Nrf24DataRate : byte
    {
        /// <summary>1 Mbit/s (RF_DR_LOW 0, RF_DR_HIGH 0).</summary>
        Rate1Mbps = 0,
        /// <summary>2 Mbit/s (RF_DR_LOW 0, RF_DR_HIGH 1).</summary>
        Rate2Mbps = 1,
        /// <summary>250 kbit/s (RF_DR_LOW 1).</summary>
        Rate250kbps = 2
    }

    /// <summary>PA level, the RF_PWR field (section 6.5, table 15).</summary>
    public enum Nrf24PowerLevel : byte
    {
        /// <summary>-18 dBm on the nRF24L01+ (-12 dBm on an Si24R1 with bit 0 clear).</summary>
        Minimum = 0,
        /// <summary>-12 dBm.</summary>
        Low = 1,
        /// <summary>-6 dBm.</summary>
        High = 2,
        /// <summary>0 dBm.</summary>
        Maximum = 3
    }
}
