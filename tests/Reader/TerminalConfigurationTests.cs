using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Sim.Board;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>The host's pdol.* entries as the reader applies them to the terminal data of the PDOL/CDOL.</summary>
    [TestClass]
    public class TerminalConfigurationTests
    {
        [TestMethod]
        public void RemovingAPdolEntryRestoresItsDefault()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(600));
            board.Start();
            ConfigurationMessage set = new ConfigurationMessage();
            set.Add("pdol.9F1A", "0840");
            board.Host.Send(set);
            board.RunUntil(200000);
            CollectionAssert.AreEqual(new byte[] { 0x08, 0x40 }, Value(board, EmvTags.TerminalCountryCode, 2));

            ConfigurationMessage remove = new ConfigurationMessage();
            remove.Add("pdol.9F1A", "");
            board.Host.Send(remove);
            board.RunUntil(400000);
            // Back to the default (156, China), not the host's old value.
            CollectionAssert.AreEqual(new byte[] { 0x01, 0x56 }, Value(board, EmvTags.TerminalCountryCode, 2));
        }

        [TestMethod]
        public void HostAskingForTooManyPdolEntriesGetsErrorsNotACrash()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(600));
            board.Start();
            ConfigurationMessage message = new ConfigurationMessage();
            for (int index = 0; index < 20; index++)
            {
                message.Add("pdol.DF" + (index + 1).ToString("X2"), "01");
            }

            board.Host.Send(message);
            board.RunUntil(300000);
            ReaderBench.Drain(board);

            ArrayList results = ReaderBench.Records(board, MessageType.ConfigurationResult);
            Assert.AreEqual(1, results.Count);
            ConfigurationResultRecord result = (ConfigurationResultRecord)results[0];
            Assert.IsFalse(result.Accepted);
            Assert.AreEqual(20, result.Entries.Count);
            Assert.AreEqual("pdol.DF0C=ok", (string)result.Entries[ReaderConfiguration.MaximumTerminalDataEntries - 1]);
            Assert.AreEqual("pdol.DF0D=error: more than 12 pdol entries", (string)result.Entries[ReaderConfiguration.MaximumTerminalDataEntries]);
            CollectionAssert.AreEqual(new byte[] { 0x01 }, Value(board, 0xDF0C, 1));
            Assert.IsNull(board.Reader.Configuration.GetTerminalData(0xDF0D));

            // The reader keeps running and answering (one status record at start-up, one for the request).
            int statusRecords = ReaderBench.Records(board, MessageType.Status).Count;
            board.Host.Send(new StatusRequestMessage());
            board.RunUntil(600000);
            ReaderBench.Drain(board);
            Assert.AreEqual(statusRecords + 1, ReaderBench.Records(board, MessageType.Status).Count);
        }

        private static byte[] Value(SimulatedReaderBoard board, int tag, int length)
        {
            byte[] value = new byte[length];
            board.Reader.Terminal.WriteValue(tag, value, 0, length);
            return value;
        }
    }
}
