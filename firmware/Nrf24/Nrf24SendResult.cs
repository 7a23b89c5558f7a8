namespace DualReader.Firmware.Nrf24
{
    /// <summary>How one transmission ended (expected outcomes; caller bugs are argument exceptions).</summary>
    public enum Nrf24SendResult
    {
        /// <summary>TX_DS: sent, and acknowledged when an ack was requested.</summary>
        Sent,
        /// <summary>MAX_RT: no ack after every retransmission; the payload was flushed.</summary>
        MaxRetransmits,
        /// <summary>No interrupt within the bound computed from the settings: the chip does not work.</summary>
        ChipTimeout
    }

    /// <summary>How one receive attempt ended.</summary>
    public enum Nrf24ReceiveResult
    {
        /// <summary>A payload was read.</summary>
        Received,
        /// <summary>The RX FIFO is empty.</summary>
        Empty,
        /// <summary>R_RX_PL_WID reported more than 32 bytes (a corrupted packet); the RX FIFO was flushed (PS 8.3.1).</summary>
        InvalidWidth
    }
}
