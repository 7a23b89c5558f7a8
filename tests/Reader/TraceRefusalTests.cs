using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;
using DualReader.Tests.Support;

namespace DualReader.Tests.Reader
{
    /// <summary>With trace on, an APDU trace that does not fit one host-link frame is reported, never silently lost.</summary>
    [TestClass]
    public class TraceRefusalTests
    {
        [TestMethod]
        public void AnApduTraceTooLongForAFrameGivesATraceRefusedError()
        {
            // FWI 4 (FWT about 4.8 ms, ISO/IEC 14443-4 7.2) and 300 ms of work on READ RECORD: the card asks for about
            // 60 S(WTX), so the captured frames of that one APDU plus its 252-byte response outgrow the 1024-byte payload.
            ScenarioDevice card = SampleCards.NfcDevice("04A1B2C3D4E5F6", "4400", 0x20, "0D7880410200" + "73C84010009000");
            ScenarioDevice visa = SampleCards.VisaCard();
            for (int index = 0; index < visa.Apdus.Count; index++)
            {
                card.Apdus.Add(visa.Apdus[index]);
            }

            byte[] record = SampleCards.Record(SampleCards.Concat(SampleCards.Tlv(0x5F24, SampleCards.Hex("281130")), SampleCards.Tlv(0x9F4B, SampleCards.Filler(240, 0x33))));
            card.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2011C00"), SampleCards.Concat(record, SampleCards.Hex("9000")), 300000));
            Scenario scenario = ReaderBench.Scenario(2500);
            scenario.AddDevice(ReaderBench.At(card, 200, 2400));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            ConfigurationMessage trace = new ConfigurationMessage();
            trace.Add("trace", "on");
            board.Host.Send(trace);
            board.RunUntil(2500000);
            ReaderBench.Drain(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            ErrorRecord error = (ErrorRecord)errors[0];
            Assert.AreEqual("trace_refused", error.Code);
            Assert.AreEqual("1 APDU trace record(s) too long for a host-link frame", error.Detail);

            // The other APDUs of the read were traced: PPSE, SELECT, GPO and GET DATA 9F13 (9F79 is asked of UnionPay
            // applications only, the ATC came with the GPO).
            Assert.AreEqual(4, ReaderBench.Records(board, MessageType.ApduTrace).Count);
        }
    }
}
