using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>Dual-frequency arbitration on the simulated board (firmware/Reader/README.md, "Arbitration").</summary>
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
            OutputHelper.WriteLine("phone: " + record.Outcome + " duration_us " + record.DurationMicroseconds);
            EnumAssert.AreEqual(ReaderInterface.Nfc, record.Interface);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("08190F6D", ReaderBench.Hex(record.Uid));
            Assert.AreEqual("A0000000031010", ReaderBench.Hex(record.Aid));
            Assert.AreEqual("464235******3640", record.PanMasked);
            Assert.AreEqual(SampleCards.PhoneAts, ReaderBench.Hex(record.Ats));
            // The last APDU is GET DATA 9F13, which the phone refuses with its default answer.
            Assert.AreEqual(0x6A88, record.LastStatusWord);
            Assert.IsTrue(record.TimeMicroseconds >= 100000);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Error).Count);

            // Timings: activation, RATS/PPS, then every APDU (READ RECORDs as phase record), in order.
            PhaseTiming first = (PhaseTiming)record.Timings[0];
            PhaseTiming second = (PhaseTiming)record.Timings[1];
            EnumAssert.AreEqual(TimingPhase.Activation, first.Phase);
            EnumAssert.AreEqual(TimingPhase.RatsPps, second.Phase);
            int records = 0;
            uint sum = 0;
            for (int index = 0; index < record.Timings.Count; index++)
            {
                PhaseTiming timing = (PhaseTiming)record.Timings[index];
                sum += timing.DurationMicroseconds;
                if (timing.Phase == TimingPhase.Record)
                {
                    records++;
                }
            }

            Assert.AreEqual(3, records);
            Assert.IsTrue(sum <= record.DurationMicroseconds);
            Assert.IsTrue(sum > record.DurationMicroseconds * 9 / 10);
        }

        [TestMethod]
        public void RfSimOnlyGivesOneRfSimTransaction()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x01, true), 100, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            TransactionRecord record = (TransactionRecord)transactions[0];
            OutputHelper.WriteLine("rfsim: " + record.Outcome + " duration_us " + record.DurationMicroseconds);
            EnumAssert.AreEqual(ReaderInterface.RfSim, record.Interface);
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual(4, record.Uid.Length);
            Assert.AreEqual("A000000333010101", ReaderBench.Hex(record.Aid));
            Assert.IsNotNull(record.PanMasked);
            Assert.IsTrue(PanMasking.IsMasked(record.PanMasked));
            Assert.IsTrue(record.HasBalance);
            Assert.AreEqual(12345L, record.BalanceMinorUnits);
            Assert.AreEqual(156, record.CurrencyCode);
            Assert.IsNull(record.Ats);
        }

        [TestMethod]
        public void DevicesOnBothRadiosGiveOneCollisionErrorAndNoTransaction()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.ApplePayVisa(), 100, 1000));
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x02, true), 100, 1000));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);
            ReaderBench.Dump(board);

            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Transaction).Count);
            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            ErrorRecord error = (ErrorRecord)errors[0];
            Assert.AreEqual("collision", error.Code);
            EnumAssert.AreEqual(ReaderInterface.Unspecified, error.Interface);
        }

        [TestMethod]
        public void CardRemovedMidTransactionThenSecondCardIsRead()
        {
            Scenario scenario = ReaderBench.Scenario(2200);

            // The phone leaves during its 222 ms GPO; the card comes after the removal checks saw the field empty.
            scenario.AddDevice(ReaderBench.At(SampleCards.ApplePayVisa(), 100, 250));
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 1000, 1900));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);
            ReaderBench.Dump(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(2, transactions.Count);
            TransactionRecord phone = (TransactionRecord)transactions[0];
            TransactionRecord card = (TransactionRecord)transactions[1];
            OutputHelper.WriteLine("removed phone: " + phone.Outcome);
            Assert.AreEqual("08190F6D", ReaderBench.Hex(phone.Uid));
            // README, "How the reader behaves": a card pulled away during the APDUs gives no_response.
            Assert.AreEqual("no_response", phone.Outcome);
            Assert.IsNull(phone.PanMasked);
            Assert.AreEqual("5A3C9E21", ReaderBench.Hex(card.Uid));
            Assert.AreEqual("ok", card.Outcome);
            Assert.AreEqual("A000000333010101", ReaderBench.Hex(card.Aid));
            Assert.IsTrue(card.TimeMicroseconds >= 1000000);
            Assert.AreEqual(phone.Sequence + 1, card.Sequence);
        }

        [TestMethod]
        public void TwoCardsInTheFieldGiveACollisionTransaction()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 100, 1000));
            scenario.AddDevice(ReaderBench.At(SampleCards.VisaCard(), 100, 1000));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            TransactionRecord record = (TransactionRecord)transactions[0];
            Assert.AreEqual("collision", record.Outcome);
            EnumAssert.AreEqual(ReaderInterface.Nfc, record.Interface);
            Assert.IsNull(record.Aid);
            Assert.IsNull(record.PanMasked);
        }

        [TestMethod]
        public void DeviceStayingInTheFieldIsReadOnce()
        {
            Scenario scenario = ReaderBench.Scenario(2000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 100, -1));
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x03, true), 1000, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);

            // The card never leaves: the RF-SIM stays quiet (not polled) and no second read happens.
            Assert.AreEqual(1, ReaderBench.Records(board, MessageType.Transaction).Count);
            Assert.IsTrue(board.Reader.Nfc.WaitingForRemoval);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Error).Count);
        }
    }
}
