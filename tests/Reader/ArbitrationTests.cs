using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;
using System.Collections;

namespace DualReader.Tests.Reader
{
    [TestClass]
    public class ArbitrationTests
    {
        [TestMethod]
        public void PhoneOnlyGivesOneNfcTransaction()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.ApplePayVisa(), 100, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            TransactionRecord record = (TransactionRecord)transactions[0];
            OutputHelper.WriteLine("outcome " + record.Outcome + " uid " + ReaderBench.Hex(record.Uid) + " aid " + ReaderBench.Hex(record.Aid) + " pan " + record.PanMasked + " duration " + record.DurationMicroseconds);
            Assert.AreEqual((int)ReaderInterface.Nfc, (int)record.Interface);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("08190F6D", ReaderBench.Hex(record.Uid));
            Assert.AreEqual("A0000000031010", ReaderBench.Hex(record.Aid));
        }
    }
}
