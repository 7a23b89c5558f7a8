using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using DualReader.Hal;

namespace DualReader.Tests.Support
{
    /// <summary>A reader and its air, as the reader application would assemble them in the simulation.</summary>
    public sealed class RfSimBench
    {
        public static readonly byte[] Key = { 0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C };
        public static readonly byte[] ReaderIdentity = { 0xD0, 0x01, 0x02, 0x03 };
        public static readonly byte[] SelectPpse = { 0x00, 0xA4, 0x04, 0x00, 0x0E, 0x32, 0x50, 0x41, 0x59, 0x2E, 0x53, 0x59, 0x53, 0x2E, 0x44, 0x44, 0x46, 0x30, 0x31, 0x00 };
        public static readonly byte[] ReadRecord = { 0x00, 0xB2, 0x01, 0x0C, 0x00 };

        public RfSimBench(uint seed, int lossPercent)
        {
            Clock = new VirtualClock();
            Costs = new CostModel();
            Ledger = new CostLedger();
            Medium = new AirMedium(Ledger, seed);
            Medium.LossPercent = lossPercent;
            ReaderRadio = new SimulatedNrf24(Clock, Medium, Costs, Ledger);
            Reader = new RfSimReader(ReaderRadio.Driver, Clock, Key, ReaderIdentity, new SeededRandomSource(seed * 7919 + 1));
            Reader.Start();
        }

        public VirtualClock Clock { get; private set; }
        public CostModel Costs { get; private set; }
        public CostLedger Ledger { get; private set; }
        public AirMedium Medium { get; private set; }
        public SimulatedNrf24 ReaderRadio { get; private set; }
        public RfSimReader Reader { get; private set; }

        /// <summary>The "apdus" of a test RF-SIM: PPSE answers 22 bytes, READ RECORD answers 300 bytes.</summary>
        public static ScenarioDevice Device(byte uidByte, bool near)
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.RfSim;
            device.Uid = new byte[] { 0x52, 0x46, 0x53, uidByte };
            device.Near = near;
            device.AddApdu(new ApduRule(new byte[] { 0x00, 0xA4, 0x04, 0x00 }, PpseAnswer(), 2000));
            device.AddApdu(new ApduRule(new byte[] { 0x00, 0xB2 }, LongAnswer(), 1000));
            return device;
        }

        /// <summary>
        /// The longest command the link carries (PROTOCOL.md 7.1): a short APDU with Lc = 255 and Le, 261 bytes
        /// (ISO/IEC 7816-4 5.1), UPDATE BINARY with a counting pattern: 14 command fragments of 19 bytes.
        /// </summary>
        public static byte[] LongCommand()
        {
            byte[] command = new byte[RfSimProtocol.MaximumCommand];
            command[0] = 0x00;
            command[1] = 0xD6;
            command[4] = 0xFF;
            for (int i = 0; i < 255; i++)
            {
                command[5 + i] = (byte)(i * 13 + 1);
            }

            command[260] = 0x00;
            return command;
        }

        /// <summary>The answer to <see cref="LongCommand"/>: 254 data bytes and 9000, 14 response fragments.</summary>
        public static byte[] LongCommandAnswer()
        {
            byte[] answer = new byte[256];
            for (int i = 0; i < 254; i++)
            {
                answer[i] = (byte)(0xFF - i);
            }

            answer[254] = 0x90;
            answer[255] = 0x00;
            return answer;
        }

        /// <summary>
        /// A test RF-SIM that answers <see cref="LongCommand"/> (matched on all of its 261 bytes, so a command put
        /// together wrongly gets the default 6D00) with <see cref="LongCommandAnswer"/> after 1 ms.
        /// </summary>
        public static ScenarioDevice LongCommandDevice(byte uidByte)
        {
            ScenarioDevice device = Device(uidByte, true);
            device.AddApdu(new ApduRule(LongCommand(), LongCommandAnswer(), 1000));
            return device;
        }

        /// <summary>Reader packets an exchange needs on a loss-free link (PROTOCOL.md 7.3): one per command
        /// fragment, one PULL whose ack carries the WAIT answering the last fragment, one per response fragment.</summary>
        public static int MinimalPackets(int commandLength, int responseLength)
        {
            int commandFragments = (commandLength + RfSimProtocol.CommandFragment - 1) / RfSimProtocol.CommandFragment;
            int responseFragments = (responseLength + RfSimProtocol.ResponseFragment - 1) / RfSimProtocol.ResponseFragment;
            return commandFragments + 1 + (responseFragments == 0 ? 1 : responseFragments);
        }

        public static byte[] PpseAnswer()
        {
            byte[] answer = new byte[22];
            for (int i = 0; i < 20; i++)
            {
                answer[i] = (byte)(0x60 + i);
            }

            answer[20] = 0x90;
            answer[21] = 0x00;
            return answer;
        }

        public static byte[] LongAnswer()
        {
            byte[] answer = new byte[300];
            for (int i = 0; i < 298; i++)
            {
                answer[i] = (byte)(i * 7 + 3);
            }

            answer[298] = 0x90;
            answer[299] = 0x00;
            return answer;
        }

        public VirtualRfSim AddPeer(ScenarioDevice device)
        {
            return new VirtualRfSim(device, Clock, Medium, Costs, Key, 0);
        }

        /// <summary>Beacon windows until one ends other than NoPeer, at most <paramref name="windows"/>.</summary>
        public RfSimDiscoveryResult DiscoverWithin(int windows)
        {
            RfSimDiscoveryResult result = RfSimDiscoveryResult.NoPeer;
            for (int i = 0; i < windows && result == RfSimDiscoveryResult.NoPeer; i++)
            {
                result = Reader.Discover();
            }

            return result;
        }
    }
}
