using DualReader.Firmware;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>Scenario devices with "mifare_classic" and "ntag", the "mfrc522" chip settings and "host" "config", as
    /// the simulated board builds them (the JSON side is tests/Pc/MifareScenarioFileTests.cs).</summary>
    [TestClass]
    public class ScenarioCardTests
    {
        [TestMethod]
        public void ClassicSectorFromTheScenarioGivesItsBalance()
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.Nfc;
            device.Uid = NfcTestSupport.Bytes("C1C2C3C4");
            device.Atqa = NfcTestSupport.Bytes("0400");
            device.Sak = 0x08;
            device.MifareClassic = new ScenarioMifareClassic();
            ScenarioMifareSector sector = new ScenarioMifareSector();
            sector.Sector = 2;
            sector.KeyA = MifareCards.TransitKeyA;
            sector.KeyB = MifareCards.TransitKeyB;
            sector.Access = NfcTestSupport.Bytes("08778F69");
            sector.Blocks = new byte[48];
            MifareValueBlock.Encode(8800, 8, sector.Blocks, 0);
            device.MifareClassic.AddSector(sector);

            VirtualPicc picc = VirtualPicc.FromScenario(device);
            VirtualMifareClassic card = VirtualMifareClassic.FromScenario(device);
            picc.FrameProtocol = card;
            MifareBench bench = new MifareBench(picc);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            TransitReader reader = new TransitReader(bench.Classic, bench.Board.Driver);
            int balance;
            EnumAssert.AreEqual(ReadOutcome.Ok, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 0, out balance));
            Assert.AreEqual(8800, balance);

            // Sectors not listed: factory keys, zero blocks, transport access bits.
            byte[] trailer = new byte[16];
            card.ReadBlock(7, trailer, 0);
            Assert.AreEqual("ff ff ff ff ff ff ff 07 80 69 ff ff ff ff ff ff", NfcTestSupport.Hex(trailer, 0, 16));
            card.ReadBlock(11, trailer, 0);
            Assert.AreEqual("a0 a1 a2 a3 a4 a5 08 77 8f 69 b0 b1 b2 b3 b4 b5", NfcTestSupport.Hex(trailer, 0, 16));
        }

        [TestMethod]
        public void NtagPagesFromTheScenarioCarryTheNdefMessage()
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.Nfc;
            device.Uid = NfcTestSupport.Bytes("04A1B2C3D4E5F6");
            device.Atqa = NfcTestSupport.Bytes("4400");
            device.Sak = 0x00;
            device.Ntag = new ScenarioNtag();
            device.Ntag.Type = CardFamily.Ntag213;

            // Pages 0..3 as a real tag stores them (UID + BCC, lock bytes, CC), then the TLV from page 4.
            byte[] tlv = Type2TagTests.UriTlv(0x01, "example.cn");
            byte[] pages = new byte[16 + ((tlv.Length + 3) / 4 * 4)];
            byte[] header = NfcTestSupport.Bytes("04A1B29F C3D4E5F6 04480000 E1101200");
            System.Array.Copy(header, pages, 16);
            System.Array.Copy(tlv, 0, pages, 16, tlv.Length);
            device.Ntag.Pages = pages;

            VirtualPicc picc = VirtualPicc.FromScenario(device);
            picc.FrameProtocol = VirtualType2Tag.FromScenario(device);
            MifareBench bench = new MifareBench(picc);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.Ok, new NdefTagReader(bench.Tag).Read(message));
            Assert.AreEqual("http://www.example.cn", message.Value(0));
        }

        [TestMethod]
        public void BoardAppliesChipSettingsAndSendsTheHostConfiguration()
        {
            Scenario scenario = new Scenario();
            scenario.DurationMicroseconds = 300000;
            scenario.ChipVersion = 0x91;
            scenario.HostConfiguration.Add("nfc_poll_ms=50");
            scenario.HostConfiguration.Add("no_such_key=1");
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();

            Assert.AreEqual((byte)0x91, board.Nfc.Driver.Version);
            Assert.AreEqual(50, board.Reader.Configuration.NfcPollMilliseconds, "the entry arrived and was applied");
            ConfigurationResultRecord result = null;
            for (int i = 0; i < board.Host.Records.Count; i++)
            {
                if (board.Host.Records[i] is ConfigurationResultRecord)
                {
                    result = (ConfigurationResultRecord)board.Host.Records[i];
                }
            }

            Assert.IsNotNull(result, "the reader answered the configuration message");
            Assert.IsFalse(result.Accepted, "one entry is unknown");
            Assert.AreEqual(2, result.Entries.Count);
        }
    }
}
