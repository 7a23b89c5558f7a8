using System;
using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Firmware.RfSim;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Board
{
    /// <summary>
    /// The whole reader on simulated hardware: one virtual clock, cost model and ledger; the MFRC522 model with its
    /// field, the nRF24L01+ model on a shared 2.4 GHz air, the host UART with a simulated host that acknowledges,
    /// and the scenario's devices (nfc: <see cref="VirtualPicc"/>, a MIFARE Classic card or Type 2 tag when the device
    /// has "mifare_classic" or "ntag", else ISO-DEP when it has an "ats"; rfsim:
    /// <see cref="VirtualRfSim"/>). The firmware's <see cref="ReaderApplication"/> runs on top, unchanged.
    /// Scenario time 0 is clock time 0, when the reader starts.
    /// </summary>
    public sealed class SimulatedReaderBoard
    {
        /// <summary>The published demo pre-shared key of the RF-SIM link (firmware/RfSim/PROTOCOL.md 8.4).</summary>
        public static readonly byte[] DemoPreSharedKey = new byte[] { 0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C };

        /// <summary>The simulated reader's RF-SIM identity.</summary>
        public static readonly byte[] ReaderIdentity = new byte[] { 0xD0, 0x01, 0x02, 0x03 };

        private readonly ArrayList piccs = new ArrayList();
        private readonly ArrayList peers = new ArrayList();

        /// <summary>A board for <paramref name="scenario"/> with the default queue capacity.</summary>
        public SimulatedReaderBoard(Scenario scenario)
            : this(scenario, ReaderApplication.DefaultQueueCapacity, true, true)
        {
        }

        /// <summary>
        /// A board for <paramref name="scenario"/>; <paramref name="withMfrc522"/> / <paramref name="withNrf24"/> false
        /// leave that chip's socket empty (its bus reads 0xFF, as with no module fitted).
        /// </summary>
        public SimulatedReaderBoard(Scenario scenario, int queueCapacity, bool withMfrc522, bool withNrf24)
            : this(scenario, queueCapacity, withMfrc522, withNrf24, RecordQueue.FullSlotLength)
        {
        }

        /// <summary>As above, with <paramref name="slotLength"/> bytes per record queue slot.</summary>
        public SimulatedReaderBoard(Scenario scenario, int queueCapacity, bool withMfrc522, bool withNrf24, int slotLength)
        {
            if (scenario == null)
            {
                throw new ArgumentNullException("scenario");
            }

            Scenario = scenario;
            Clock = new VirtualClock();
            Costs = new CostModel();
            Ledger = new CostLedger();
            Nfc = new SimulatedNfcBoard(Clock, Costs, Ledger);
            Medium = new AirMedium(Ledger, 1);
            Radio = new SimulatedNrf24(Clock, Medium, Costs, Ledger);
            if (!withMfrc522)
            {
                Nfc.Chip.MissingChipBusLevel = 0xFF;
            }

            if (scenario.ChipVersion >= 0)
            {
                Nfc.Chip.Version = (byte)scenario.ChipVersion;
            }

            Nfc.Chip.SelfTestOutput = scenario.ChipSelfTestOutput;

            if (!withNrf24)
            {
                Medium.Detach(Radio.Model);
                Radio.Model.Present = false;
            }

            Uart = new SimulatedUart(Clock, Costs, Ledger);
            Host = new SimulatedHost(Uart, Clock);
            for (int index = 0; index < scenario.Devices.Count; index++)
            {
                AddDevice((ScenarioDevice)scenario.Devices[index]);
            }

            Reader = new ReaderApplication(Nfc.Driver, Radio.Driver, Uart, Clock, DemoPreSharedKey, ReaderIdentity, new SeededRandomSource(0x5EED), new SeededRandomSource(0xC0FFEE), queueCapacity, slotLength);
        }

        /// <summary>The scenario.</summary>
        public Scenario Scenario { get; private set; }

        /// <summary>The virtual clock (µs).</summary>
        public VirtualClock Clock { get; private set; }

        /// <summary>The board costs.</summary>
        public CostModel Costs { get; private set; }

        /// <summary>What the run cost (SPI, air, card processing, UART).</summary>
        public CostLedger Ledger { get; private set; }

        /// <summary>The MFRC522 side (model, field, driver).</summary>
        public SimulatedNfcBoard Nfc { get; private set; }

        /// <summary>The 2.4 GHz air shared by the reader's radio and the RF-SIM peers.</summary>
        public AirMedium Medium { get; private set; }

        /// <summary>The reader's nRF24L01+.</summary>
        public SimulatedNrf24 Radio { get; private set; }

        /// <summary>The host UART.</summary>
        public SimulatedUart Uart { get; private set; }

        /// <summary>The PC at the other end.</summary>
        public SimulatedHost Host { get; private set; }

        /// <summary>The firmware's reader application.</summary>
        public ReaderApplication Reader { get; private set; }

        /// <summary>The virtual PICCs (<see cref="VirtualPicc"/>) of the scenario's nfc devices.</summary>
        public ArrayList Piccs
        {
            get { return piccs; }
        }

        /// <summary>The virtual RF-SIMs (<see cref="VirtualRfSim"/>) of the scenario's rfsim devices.</summary>
        public ArrayList Peers
        {
            get { return peers; }
        }

        /// <summary>Adds a device (before or during the run; its times are scenario times).</summary>
        public void AddDevice(ScenarioDevice device)
        {
            if (device.Interface == DeviceInterface.Nfc)
            {
                VirtualPicc picc = VirtualPicc.FromScenario(device);
                if (device.MifareClassic != null)
                {
                    picc.FrameProtocol = VirtualMifareClassic.FromScenario(device);
                }
                else if (device.Ntag != null)
                {
                    picc.FrameProtocol = VirtualType2Tag.FromScenario(device);
                }
                else if (device.Ats != null)
                {
                    picc.Protocol = VirtualIsoDepCard.FromScenario(device);
                }

                Nfc.Field.Add(picc);
                piccs.Add(picc);
            }
            else
            {
                peers.Add(new VirtualRfSim(device, Clock, Medium, Costs, DemoPreSharedKey, 0));
            }
        }

        /// <summary>Runs the self-test (the reader's start-up); then the host sends the scenario's "host" "config"
        /// entries, if any, in one configuration message.</summary>
        public void Start()
        {
            Reader.Start();
            if (Scenario.HostConfiguration.Count > 0)
            {
                Host.SendConfiguration(Scenario.HostConfiguration);
            }
        }

        /// <summary>Runs reader cycles until the clock reaches <paramref name="endMicroseconds"/>.</summary>
        public void RunUntil(long endMicroseconds)
        {
            while (Clock.Now < endMicroseconds)
            {
                Reader.RunCycle();
            }
        }

        /// <summary>Starts the reader and runs the whole scenario (<see cref="Scenarios.Scenario.DurationMicroseconds"/>),
        /// then lets the last records reach the host.</summary>
        public void Run()
        {
            Start();
            RunUntil(Scenario.DurationMicroseconds);
        }
    }
}
