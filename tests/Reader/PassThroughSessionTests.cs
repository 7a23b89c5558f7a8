using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>
    /// Pass-through sessions without an APDU (what a PC/SC bridge needs for insertion, presence, reset and removal)
    /// and the passthrough_raw switch: redacted by default, raw only when the host asked and the status says so.
    /// </summary>
    [TestClass]
    public class PassThroughSessionTests
    {
        [TestMethod]
        public void OpenActivatesTheCardAndReportsItsIdentityBeforeAnyRead()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 0, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            uint open = board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(100000);
            uint check = board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(200000);
            ReaderBench.Drain(board);

            ArrayList answers = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(2, answers.Count);
            PassThroughResponseRecord first = (PassThroughResponseRecord)answers[0];
            Assert.AreEqual(open, first.HostSequence);
            Assert.AreEqual("activated", first.Outcome);
            EnumAssert.AreEqual(ReaderInterface.Nfc, first.Interface);
            CollectionAssert.AreEqual(SampleCards.Hex("5A3C9E21"), first.Uid);
            CollectionAssert.AreEqual(SampleCards.Hex("0400"), first.Atqa);
            Assert.AreEqual(0x28, first.Sak);
            CollectionAssert.AreEqual(SampleCards.Hex("067577810280"), first.Ats);
            Assert.IsNull(first.Response);
            PassThroughResponseRecord second = (PassThroughResponseRecord)answers[1];
            Assert.AreEqual(check, second.HostSequence);
            Assert.AreEqual("present", second.Outcome);

            // The session holds the card: the reader does not run its own read meanwhile (the first poll may read the
            // card before the command is through the UART; nothing after the session opened).
            ArrayList reads = ReaderBench.Records(board, MessageType.Transaction);
            for (int index = 0; index < reads.Count; index++)
            {
                Assert.IsTrue(((TransactionRecord)reads[index]).TimeMicroseconds < first.TimeMicroseconds);
            }
        }

        [TestMethod]
        public void PresenceCheckLeavesTheCardStateAndNoticesRemoval()
        {
            Scenario scenario = ReaderBench.Scenario(2000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 0, 600));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(100000);
            PassThroughCommandMessage select = new PassThroughCommandMessage();
            select.Apdu = SampleCards.Hex(SampleCards.SelectPpse);
            board.Host.Send(select);
            board.RunUntil(200000);
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(300000);
            PassThroughCommandMessage balance = new PassThroughCommandMessage();
            balance.Apdu = SampleCards.Hex("80CA9F7900");
            board.Host.Send(balance);
            board.RunUntil(400000);
            board.RunUntil(700000);
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(900000);
            ReaderBench.Drain(board);

            ArrayList answers = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(5, answers.Count);
            Assert.AreEqual("activated", ((PassThroughResponseRecord)answers[0]).Outcome);
            Assert.AreEqual("ok", ((PassThroughResponseRecord)answers[1]).Outcome);
            Assert.AreEqual("present", ((PassThroughResponseRecord)answers[2]).Outcome);
            PassThroughResponseRecord after = (PassThroughResponseRecord)answers[3];
            Assert.AreEqual("ok", after.Outcome);
            CollectionAssert.AreEqual(SampleCards.Hex("9F79060000000123459000"), after.Response);
            PassThroughResponseRecord gone = (PassThroughResponseRecord)answers[4];
            Assert.AreEqual("no_device", gone.Outcome);
            Assert.IsNull(gone.Uid);
        }

        [TestMethod]
        public void ResetReactivatesAndCloseEndsTheSession()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 0, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(100000);
            board.Host.Send(Session(PassThroughSessionAction.Reset));
            board.RunUntil(200000);
            Assert.IsTrue(board.Reader.PassThroughActive);
            board.Host.Send(Session(PassThroughSessionAction.Close));
            board.RunUntil(300000);
            Assert.IsFalse(board.Reader.PassThroughActive);
            ReaderBench.Drain(board);

            ArrayList answers = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(3, answers.Count);
            Assert.AreEqual("activated", ((PassThroughResponseRecord)answers[0]).Outcome);
            Assert.AreEqual("activated", ((PassThroughResponseRecord)answers[1]).Outcome);
            Assert.AreEqual("closed", ((PassThroughResponseRecord)answers[2]).Outcome);

            // Closed with the card still there: the reader waits for it to leave instead of reading it again.
            Assert.IsTrue(board.Reader.Nfc.WaitingForRemoval);
        }

        [TestMethod]
        public void StorageCardIsHeldWithoutApdus()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.NfcDevice("A1B2C3D4", "0400", 0x08, null), 0, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(100000);
            PassThroughCommandMessage select = new PassThroughCommandMessage();
            select.Apdu = SampleCards.Hex(SampleCards.SelectPpse);
            board.Host.Send(select);
            board.RunUntil(200000);
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(300000);
            ReaderBench.Drain(board);

            ArrayList answers = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(3, answers.Count);
            PassThroughResponseRecord held = (PassThroughResponseRecord)answers[0];
            Assert.AreEqual("activated", held.Outcome);
            Assert.AreEqual(0x08, held.Sak);
            Assert.IsNull(held.Ats);
            Assert.AreEqual("not_iso_dep", ((PassThroughResponseRecord)answers[1]).Outcome);
            Assert.AreEqual("present", ((PassThroughResponseRecord)answers[2]).Outcome);
        }

        [TestMethod]
        public void PassThroughResponsesAreRedactedUnlessPassThroughRawIsOn()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 0, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.Host.Send(Session(PassThroughSessionAction.Open));
            board.RunUntil(100000);
            PassThroughCommandMessage record = new PassThroughCommandMessage();
            record.Apdu = SampleCards.Hex("00B2011400");
            board.Host.Send(record);
            board.RunUntil(200000);
            ConfigurationMessage raw = new ConfigurationMessage();
            raw.Add("passthrough_raw", "on");
            board.Host.Send(raw);
            board.RunUntil(250000);
            board.Host.Send(new StatusRequestMessage());
            board.RunUntil(300000);
            board.Host.Send(record);
            board.RunUntil(400000);
            ReaderBench.Drain(board);

            ArrayList answers = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(3, answers.Count);
            string redacted = SampleCards.Hex(((PassThroughResponseRecord)answers[1]).Response);
            string clear = SampleCards.Hex(((PassThroughResponseRecord)answers[2]).Response);
            Assert.IsTrue(redacted.IndexOf("5A08FFFFFFFFFFFFFFFF") >= 0, redacted);
            Assert.IsTrue(redacted.IndexOf("6212345678901234") < 0, redacted);
            Assert.IsTrue(clear.IndexOf("5A086212345678901234") >= 0, clear);

            ArrayList statuses = ReaderBench.Records(board, MessageType.Status);
            Assert.AreEqual(2, statuses.Count);
            Assert.IsTrue(((StatusRecord)statuses[0]).ConfigurationSummary.IndexOf("passthrough_raw") < 0);
            Assert.IsTrue(((StatusRecord)statuses[1]).ConfigurationSummary.IndexOf("passthrough_raw=on") >= 0);
        }

        private static PassThroughSessionMessage Session(PassThroughSessionAction action)
        {
            PassThroughSessionMessage message = new PassThroughSessionMessage();
            message.Action = action;
            return message;
        }
    }
}
