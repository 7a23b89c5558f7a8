using System;
using System.Linq;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Mifare;
using DualReader.Host.Scenarios;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc
{
    /// <summary>The scenario keys of issue 13: "mifare_classic", "ntag", "mfrc522" and "host" "config".</summary>
    [TestClass]
    public class MifareScenarioFileTests
    {
        private const string Transit = @"{
  ""duration_ms"": 1000,
  ""mfrc522"": { ""version"": ""91"", ""self_test"": ""clone_fm17522"" },
  ""host"": { ""config"": [""transit.sector=2"", ""transit.key_a=A0A1A2A3A4A5"", ""transit.balance_block=1""] },
  ""devices"": [
    {
      ""interface"": ""nfc"", ""uid"": ""C1C2C3C4"",
      ""mifare_classic"": { ""size"": ""1k"", ""sectors"": [
        { ""sector"": 2, ""key_a"": ""A0A1A2A3A4A5"", ""key_b"": ""b0b1b2b3b4b5"", ""access"": ""08778F69"",
          ""blocks"": [""00000000000000000000000000000000"", ""39300000C6CFFFFF393000000AF50AF5""] }
      ] }
    },
    {
      ""interface"": ""nfc"", ""uid"": ""04A1B2C3D4E5F6"", ""arrive_ms"": 500,
      ""ntag"": { ""type"": ""ntag215"", ""pages"": [""04A1B29F"", ""C3D4E5F6"", ""04480000"", ""E1103E00"", ""030CD101"", ""08550265"", ""78616D70"", ""6C65FE00""] }
    }
  ]
}";

        private static void AssertFails(string json, string field, string words)
        {
            try
            {
                ScenarioFile.Parse(json);
            }
            catch (ScenarioFormatException error)
            {
                Assert.AreEqual(field, error.Field, error.Message);
                Assert.Contains(words, error.Message);
                return;
            }

            Assert.IsTrue(false, "no error for " + field);
        }

        private static string Device(string body)
        {
            return @"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", " + body + " } ] }";
        }

        [TestMethod]
        public void ParsesCardsChipAndHostConfiguration()
        {
            Scenario scenario = ScenarioFile.Parse(Transit);
            Assert.AreEqual(0x91, scenario.ChipVersion);
            var expected = new byte[64];
            Mfrc522SelfTest.CopyReference(SelfTestReference.Fm17522, expected, 0);
            Assert.AreEqual(SampleCards.Hex(expected), SampleCards.Hex(scenario.ChipSelfTestOutput));
            Assert.AreEqual(3, scenario.HostConfiguration.Count);
            Assert.AreEqual("transit.key_a=A0A1A2A3A4A5", (string)scenario.HostConfiguration[1]);

            ScenarioDevice classic = (ScenarioDevice)scenario.Devices[0];
            Assert.IsNotNull(classic.MifareClassic);
            Assert.IsFalse(classic.MifareClassic.FourK);
            Assert.AreEqual("0400", SampleCards.Hex(classic.Atqa), "MF1S50 ATQA by default");
            Assert.AreEqual((byte)0x08, classic.Sak);
            var sector = (ScenarioMifareSector)classic.MifareClassic.Sectors[0];
            Assert.AreEqual(2, sector.Sector);
            Assert.AreEqual("B0B1B2B3B4B5", SampleCards.Hex(sector.KeyB));
            Assert.AreEqual(32, sector.Blocks.Length);

            ScenarioDevice tag = (ScenarioDevice)scenario.Devices[1];
            Assert.AreEqual((int)CardFamily.Ntag215, (int)tag.Ntag.Type);
            Assert.AreEqual("4400", SampleCards.Hex(tag.Atqa));
            Assert.AreEqual((byte)0x00, tag.Sak);
            Assert.AreEqual(32, tag.Ntag.Pages.Length);
        }

        [TestMethod]
        public void TheParsedScenarioRunsOnTheBoard()
        {
            Scenario scenario = ScenarioFile.Parse(Transit);
            var board = new SimulatedReaderBoard(scenario);
            board.Run();

            // The chip model took the scenario's VersionReg and clone self-test output; the reader got the entries.
            Assert.AreEqual((byte)0x91, board.Nfc.Driver.Version);
            var selfTest = new Mfrc522SelfTest(board.Nfc.Driver);
            Assert.AreEqual((int)SelfTestVerdict.Clone, (int)selfTest.Run());
            bool answered = false;
            foreach (object record in board.Host.Records)
            {
                if (record is ConfigurationResultRecord result && result.Entries.Count == 3)
                {
                    answered = true;
                }
            }

            Assert.IsTrue(answered, "the reader answered the three transit.* entries");

            // The transit card as built from the file: value block 12345 in block 9, read with key A.
            var picc = (VirtualPicc)board.Piccs[0];
            var card = (VirtualMifareClassic)picc.FrameProtocol;
            var block = new byte[16];
            card.ReadBlock(9, block, 0);
            Assert.IsTrue(MifareValueBlock.TryDecode(block, 0, out int value, out int address));
            Assert.AreEqual(12345, value);
            Assert.AreEqual(10, address);
            Assert.IsInstanceOfType(((VirtualPicc)board.Piccs[1]).FrameProtocol, typeof(VirtualType2Tag));
        }

        [TestMethod]
        public void BadCardsAreClearErrors()
        {
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""2k"" }"), "devices[0].mifare_classic.size", "\"1k\" or \"4k\"");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { }"), "devices[0].mifare_classic.size", "missing");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""1k"", ""sectors"": [ { ""sector"": 16 } ] }"), "devices[0].mifare_classic.sectors[0].sector", "0..15");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""4k"", ""sectors"": [ { ""sector"": 3 }, { ""sector"": 3 } ] }"), "devices[0].mifare_classic.sectors[1].sector", "twice");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""1k"", ""sectors"": [ { ""sector"": 1, ""key_a"": ""A0A1A2"" } ] }"), "devices[0].mifare_classic.sectors[0].key_a", "6 bytes");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""1k"", ""sectors"": [ { ""sector"": 1, ""blocks"": [""00"", ""00"", ""00"", ""00""] } ] }"), "devices[0].mifare_classic.sectors[0].blocks", "3 data blocks");
            AssertFails(Device(@"""uid"": ""01020304"", ""mifare_classic"": { ""size"": ""1k"", ""sectors"": [ { ""sector"": 1, ""blocks"": [""0011""] } ] }"), "devices[0].mifare_classic.sectors[0].blocks[0]", "16 bytes");
            AssertFails(Device(@"""uid"": ""01020304050607080910"", ""mifare_classic"": { ""size"": ""1k"" }"), "devices[0].uid", "4 or 7 bytes");
            AssertFails(Device(@"""uid"": ""01020304"", ""ats"": ""0578807002"", ""mifare_classic"": { ""size"": ""1k"" }"), "devices[0].ats", "no ATS");
            AssertFails(Device(@"""uid"": ""04A1B2C3D4E5F6"", ""ntag"": { ""type"": ""ntag214"" }"), "devices[0].ntag.type", "ntag213");
            AssertFails(Device(@"""uid"": ""01020304"", ""ntag"": { ""type"": ""ntag213"" }"), "devices[0].uid", "7 bytes");
            AssertFails(Device(@"""uid"": ""04A1B2C3D4E5F6"", ""ntag"": { ""type"": ""ntag213"", ""pages"": [""0102""] }"), "devices[0].ntag.pages[0]", "4 bytes");
            AssertFails(Device(@"""uid"": ""04A1B2C3D4E5F6"", ""ntag"": { ""type"": ""mifare_ultralight"", ""pages"": [" + string.Join(",", new string[17].Select(_ => "\"00000000\"")) + "] }"), "devices[0].ntag.pages", "16 pages");
            AssertFails(Device(@"""uid"": ""04A1B2C3D4E5F6"", ""ntag"": { ""type"": ""ntag213"" }, ""mifare_classic"": { ""size"": ""1k"" }"), "devices[0].ntag", "not both");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""rfsim"", ""uid"": ""01"", ""ntag"": { ""type"": ""ntag213"" } } ] }", "devices[0].ntag", "only an nfc device");
        }

        [TestMethod]
        public void BadChipAndHostSettingsAreClearErrors()
        {
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""mfrc522"": { ""self_test"": ""clone_xyz"" } }", "mfrc522.self_test", "clone_fm17522");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""mfrc522"": { ""version"": ""9192"" } }", "mfrc522.version", "1 byte");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""mfrc522"": 5 }", "mfrc522", "object");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""host"": { ""config"": ""transit.sector=2"" } }", "host.config", "array");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""host"": { ""config"": [""transit.sector""] } }", "host.config[0]", "key=value");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""host"": { ""config"": [""=2""] } }", "host.config[0]", "key=value");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""host"": { ""config"": [""a=\u00e9""] } }", "host.config[0]", "ASCII");
            string many = string.Join(",", new string[80].Select((_, i) => "\"pdol.9F" + i.ToString("X2") + "=00000000\""));
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [], ""host"": { ""config"": [" + many + "] } }", "host.config[48]", "one configuration message");

            // A 64-byte custom output and "genuine" are fine; "host" without config stays as before.
            Scenario custom = ScenarioFile.Parse(@"{ ""duration_ms"": 10, ""devices"": [], ""mfrc522"": { ""self_test"": """ + new string('A', 128) + @""" }, ""host"": { ""acknowledges"": false } }");
            Assert.AreEqual(64, custom.ChipSelfTestOutput.Length);
            Assert.AreEqual(0, custom.HostConfiguration.Count);
            Assert.IsNull(ScenarioFile.Parse(@"{ ""duration_ms"": 10, ""devices"": [], ""mfrc522"": { ""self_test"": ""genuine"" } }").ChipSelfTestOutput);
        }
    }
}
