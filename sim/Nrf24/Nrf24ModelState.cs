namespace DualReader.Sim.Nrf24
{
    /// <summary>Operational modes of the nRF24L01+ (Product Specification v1.0, 6.1, figure 4 and table 15).</summary>
    public enum Nrf24ModelState
    {
        /// <summary>PWR_UP = 0.</summary>
        PowerDown,
        /// <summary>PWR_UP just set: the crystal oscillator starts (Tpd2stby, 1.5 ms, table 16).</summary>
        StartingUp,
        /// <summary>PWR_UP = 1, CE = 0.</summary>
        StandbyI,
        /// <summary>PTX with CE = 1 and an empty TX FIFO.</summary>
        StandbyII,
        /// <summary>PRX with CE = 1: PLL settling (Tstby2a, 130 µs).</summary>
        RxSettling,
        /// <summary>Listening.</summary>
        Rx,
        /// <summary>PTX: PLL settling before a packet (Tstby2a, 130 µs).</summary>
        TxSettling,
        /// <summary>A packet on air.</summary>
        TxSending,
        /// <summary>Waiting for the ack until the auto retransmit delay ends.</summary>
        TxWaitingAck
    }
}
