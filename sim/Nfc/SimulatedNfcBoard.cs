using DualReader.Firmware.Mfrc522;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// A simulated board with an MFRC522: virtual clock, cost model and ledger, the chip model with its field, the
    /// SPI device (through a bus glitch injector, off by default), the NRSTPD and IRQ lines, and the real driver
    /// connected to them (not yet initialised).
    /// </summary>
    public sealed class SimulatedNfcBoard
    {
        /// <summary>Largest SPI call: an address byte, the 64-byte FIFO and the status registers of one read.</summary>
        public const int MaximumSpiTransfer = 80;

        /// <summary>Assembles the board on a new clock with default costs.</summary>
        public SimulatedNfcBoard()
            : this(new VirtualClock(), new CostModel(), new CostLedger())
        {
        }

        /// <summary>Assembles the board on the given clock, costs and ledger.</summary>
        public SimulatedNfcBoard(VirtualClock clock, CostModel costs, CostLedger ledger)
        {
            Clock = clock;
            Costs = costs;
            Ledger = ledger;
            Field = new PiccField();
            Irq = new SimInputPin(clock, true);
            Reset = new SimOutputPin(true);
            Chip = new Mfrc522Model(clock, ledger, Irq, Field);
            Chip.AttachResetPin(Reset);
            clock.Register(Chip);
            BusGlitch = new SpiBusGlitch(Chip, clock);
            Spi = new SimSpiDevice(BusGlitch, clock, costs, ledger, MaximumSpiTransfer);
            Driver = new Mfrc522(Spi, Reset, Irq, clock);
        }

        /// <summary>The virtual clock.</summary>
        public VirtualClock Clock { get; private set; }

        /// <summary>The board costs.</summary>
        public CostModel Costs { get; private set; }

        /// <summary>What the run cost.</summary>
        public CostLedger Ledger { get; private set; }

        /// <summary>The field with the virtual PICCs.</summary>
        public PiccField Field { get; private set; }

        /// <summary>The MFRC522 model.</summary>
        public Mfrc522Model Chip { get; private set; }

        /// <summary>Fault injection on the chip's SPI bus (between <see cref="Spi"/> and <see cref="Chip"/>; off by default).</summary>
        public SpiBusGlitch BusGlitch { get; private set; }

        /// <summary>The SPI device the driver talks to.</summary>
        public SimSpiDevice Spi { get; private set; }

        /// <summary>The IRQ line.</summary>
        public SimInputPin Irq { get; private set; }

        /// <summary>The NRSTPD line.</summary>
        public SimOutputPin Reset { get; private set; }

        /// <summary>The real driver on the simulated hardware.</summary>
        public Mfrc522 Driver { get; private set; }

        /// <summary>Adds a PICC to the field.</summary>
        public VirtualPicc AddPicc(byte[] uid, byte[] atqa, byte sak)
        {
            VirtualPicc picc = new VirtualPicc(uid, atqa, sak);
            Field.Add(picc);
            return picc;
        }
    }
}
