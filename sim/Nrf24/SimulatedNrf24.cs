using DualReader.Firmware.Nrf24;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// Board helper: one simulated nRF24L01+ wired like a module on an ESP32: the model, its SPI device charging the
    /// cost model (through a bus glitch injector, off by default), CE (firmware output) and IRQ (chip output, idles
    /// high) on the virtual clock.
    /// </summary>
    public sealed class SimulatedNrf24
    {
        /// <summary>Largest SPI call the driver makes: a command byte and a 32-byte payload.</summary>
        public const int MaximumTransfer = 33;

        /// <summary>Builds the chip on <paramref name="medium"/>; SPI costs go to <paramref name="ledger"/>.</summary>
        public SimulatedNrf24(VirtualClock clock, AirMedium medium, CostModel costs, CostLedger ledger)
        {
            ChipEnable = new SimOutputPin(false);
            Irq = new SimInputPin(clock, true);
            Model = new Nrf24Model(clock, medium, ChipEnable, Irq);
            BusGlitch = new SpiBusGlitch(Model, clock);
            Spi = new SimSpiDevice(BusGlitch, clock, costs, ledger, MaximumTransfer);
            Driver = new Nrf24Driver(Spi, ChipEnable, Irq, clock);
        }

        /// <summary>The firmware driver wired to this chip.</summary>
        public Nrf24Driver Driver { get; private set; }

        /// <summary>The chip model.</summary>
        public Nrf24Model Model { get; private set; }

        /// <summary>Fault injection on the chip's SPI bus (between <see cref="Spi"/> and <see cref="Model"/>; off by default).</summary>
        public SpiBusGlitch BusGlitch { get; private set; }

        /// <summary>The SPI device the driver talks to.</summary>
        public SimSpiDevice Spi { get; private set; }

        /// <summary>CE, driven by the driver.</summary>
        public SimOutputPin ChipEnable { get; private set; }

        /// <summary>IRQ, driven by the chip (active low).</summary>
        public SimInputPin Irq { get; private set; }
    }
}
