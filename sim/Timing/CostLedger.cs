namespace DualReader.Sim.Timing
{
    /// <summary>
    /// Running totals of what a simulated run cost, by kind, for the bench and the per-transaction timing
    /// breakdown. Models add to it; readers take differences between two snapshots.
    /// </summary>
    public sealed class CostLedger
    {
        /// <summary>Number of SPI calls (each one chip-select frame).</summary>
        public long SpiTransfers { get; set; }

        /// <summary>Bytes clocked over SPI.</summary>
        public long SpiBytes { get; set; }

        /// <summary>Time on the 13.56 MHz or 2.4 GHz air, both directions (µs).</summary>
        public long AirMicroseconds { get; set; }

        /// <summary>Time the card, phone or peer spent computing its answers (µs).</summary>
        public long CardProcessingMicroseconds { get; set; }

        /// <summary>Time on the host UART wire (µs).</summary>
        public long UartMicroseconds { get; set; }

        /// <summary>A copy of the current totals.</summary>
        public CostLedger Snapshot()
        {
            CostLedger copy = new CostLedger();
            copy.SpiTransfers = SpiTransfers;
            copy.SpiBytes = SpiBytes;
            copy.AirMicroseconds = AirMicroseconds;
            copy.CardProcessingMicroseconds = CardProcessingMicroseconds;
            copy.UartMicroseconds = UartMicroseconds;
            return copy;
        }
    }
}
