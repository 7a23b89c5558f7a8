using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>
    /// The whole reader (ReaderApplication on the simulated board) with MIFARE Classic transit cards and NTAG tags:
    /// the host's transit profile gives the balance, a wrong key gives auth_failed, a tag gives its NDEF message, and
    /// no key byte ever reaches the UART.
    /// </summary>
    [TestClass]
    public class ReaderStorageCardTests
    {
        [TestMethod]
        public void TransitProfileGivesTheBalance()
        {
            SimulatedReaderBoard board = Run(SampleCards.TransitCard(12345), "transit.key_a=A0A1A2A3A4A5");
            TransactionRecord record = OnlyTransaction(board);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("mifare_classic_1k", record.CardType);
            Assert.IsTrue(record.HasBalance);
            Assert.AreEqual(12345L, record.BalanceMinorUnits);
            AssertNoKeyOnUart(board);
        }

        [TestMethod]
        public void KeyBReadsTheBalanceToo()
        {
            SimulatedReaderBoard board = Run(SampleCards.TransitCard(-250), "transit.key_b=B0B1B2B3B4B5");
            TransactionRecord record = OnlyTransaction(board);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual(-250L, record.BalanceMinorUnits);
            AssertNoKeyOnUart(board);
        }

        [TestMethod]
        public void AWrongKeyGivesAuthFailed()
        {
            SimulatedReaderBoard board = Run(SampleCards.TransitCard(12345), "transit.key_a=FFFFFFFFFFFF");
            TransactionRecord record = OnlyTransaction(board);
            Assert.AreEqual("auth_failed", record.Outcome);
            Assert.AreEqual("mifare_classic_1k", record.CardType);
            Assert.IsFalse(record.HasBalance);
        }

        [TestMethod]
        public void ACorruptValueBlockGivesValueBlockInvalid()
        {
            ScenarioDevice card = SampleCards.TransitCard(12345);

            // The inverted copy of the value no longer matches (MF1S50 8.6.2.1).
            ((ScenarioMifareSector)card.MifareClassic.Sectors[0]).Blocks[16 + 4] ^= 0x01;
            SimulatedReaderBoard board = Run(card, "transit.key_a=A0A1A2A3A4A5");
            Assert.AreEqual("value_block_invalid", OnlyTransaction(board).Outcome);
        }

        [TestMethod]
        public void WithoutAProfileAClassicCardGivesItsUidAndType()
        {
            SimulatedReaderBoard board = Run(SampleCards.TransitCard(12345), null);
            TransactionRecord record = OnlyTransaction(board);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("C1C2C3C4", ReaderBench.Hex(record.Uid));
            Assert.AreEqual("mifare_classic_1k", record.CardType);
            Assert.IsFalse(record.HasBalance);
        }

        [TestMethod]
        public void AnNtagPosterGivesItsUri()
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.Nfc;
            device.Uid = NfcTestSupport.Bytes("04A1B2C3D4E5F6");
            device.Atqa = NfcTestSupport.Bytes("4400");
            device.Sak = 0x00;
            device.Ntag = new ScenarioNtag();
            device.Ntag.Type = CardFamily.Ntag213;
            device.Ntag.Pages = NfcTestSupport.Bytes("04A1B29F C3D4E5F6 04480000 E1101200 030CD101 08550265 78616D70 6C65FE00");
            SimulatedReaderBoard board = Run(device, null);
            TransactionRecord record = OnlyTransaction(board);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("ntag213", record.CardType);
            Assert.AreEqual(1, record.Ndef.Count);
            NdefEntry entry = (NdefEntry)record.Ndef[0];
            Assert.AreEqual("U", entry.Type);
            Assert.AreEqual("https://www.example", entry.Value);
        }

        private static SimulatedReaderBoard Run(ScenarioDevice card, string keyEntry)
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            if (keyEntry != null)
            {
                scenario.HostConfiguration.Add("transit.sector=2");
                scenario.HostConfiguration.Add(keyEntry);
                scenario.HostConfiguration.Add("transit.balance_block=1");
            }

            scenario.AddDevice(ReaderBench.At(card, 200, 800));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);
            return board;
        }

        private static TransactionRecord OnlyTransaction(SimulatedReaderBoard board)
        {
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            return (TransactionRecord)transactions[0];
        }

        private static void AssertNoKeyOnUart(SimulatedReaderBoard board)
        {
            byte[] uart = board.Uart.Transmitted();
            byte[][] keys = new byte[][] { MifareCards.TransitKeyA, MifareCards.TransitKeyB };
            for (int key = 0; key < keys.Length; key++)
            {
                // Neither the bytes nor their hex text (a config echo would carry the text).
                Assert.AreEqual(-1, IndexOf(uart, keys[key]), "key bytes on the UART");
                Assert.AreEqual(-1, IndexOf(uart, System.Text.Encoding.UTF8.GetBytes(ReaderBench.Hex(keys[key]))), "key text on the UART");
            }
        }

        private static int IndexOf(byte[] data, byte[] pattern)
        {
            for (int start = 0; start + pattern.Length <= data.Length; start++)
            {
                int index = 0;
                while (index < pattern.Length && data[start + index] == pattern[index])
                {
                    index++;
                }

                if (index == pattern.Length)
                {
                    return start;
                }
            }

            return -1;
        }
    }
}
