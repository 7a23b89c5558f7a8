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

    /// <summary>The names of <see cref="Nrf24SendResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class Nrf24SendResultNames
    {
        private static readonly string[] Names = new string[] { "Sent", "MaxRetransmits", "ChipTimeout" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(Nrf24SendResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
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

    /// <summary>The names of <see cref="Nrf24ReceiveResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class Nrf24ReceiveResultNames
    {
        private static readonly string[] Names = new string[] { "Received", "Empty", "InvalidWidth" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(Nrf24ReceiveResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
