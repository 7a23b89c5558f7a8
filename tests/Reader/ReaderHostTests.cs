using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Reader;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>The reader application's host side: configuration, status, pass-through, self-test, nothing lost.</summary>
    [TestClass]
    public class ReaderHostTests
    {
        [TestMethod]
        public void StartUpSendsAStatusRecordWithBothChipsHealthy()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(100));
            board.Run();
            ReaderBench.Drain(board);

            ArrayList statuses = ReaderBench.Records(board, MessageType.Status);
            Assert.AreEqual(1, statuses.Count);
            StatusRecord status = (StatusRecord)statuses[0];
            Assert.AreEqual(0u, status.Sequence);
            Assert.AreEqual("ok", status.Mfrc522Health);
            Assert.AreEqual("ok", status.Nrf24Health);
            Assert.AreEqual(0x92, status.Mfrc522Version);
            Assert.AreEqual(0, (int)status.CloneFlags);
            Assert.AreEqual("nfc_poll_ms=100 rfsim_poll_ms=100 pps_max=848 read_depth=full trace=off", status.ConfigurationSummary);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Error).Count);
        }

        [TestMethod]
        public void IdleReaderPowersBothRadiosOnlyWhilePolling()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(1000));
            board.Start();
            int cycles = 0;
            while (board.Clock.Now < 1000000)
            {
                board.Reader.RunCycle();
                cycles++;

                // Between cycles: carrier off (PICCs unpowered) and the nRF24 in power-down.
                Assert.IsFalse(board.Nfc.Field.CarrierOn);
                EnumAssert.AreEqual(Nrf24ModelState.PowerDown, board.Radio.Model.State);
            }

            // 100 ms periods: about ten polls of each radio in a second.
            OutputHelper.WriteLine("cycles " + cycles + ", nfc polls " + board.Reader.Nfc.Polls + ", rfsim windows " + board.Reader.RfSim.Polls);
            Assert.IsTrue(board.Reader.Nfc.Polls >= 9 && board.Reader.Nfc.Polls <= 11);
            Assert.IsTrue(board.Reader.RfSim.Polls >= 9 && board.Reader.RfSim.Polls <= 11);
        }

        [TestMethod]
        public void BadConfigurationValueGivesAnErrorAndKeepsTheOldValue()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(300));
            board.Start();
            ConfigurationMessage message = new ConfigurationMessage();
            message.Add("nfc_poll_ms", "50");
            message.Add("pps_max", "999");
            message.Add("read_depth", "select");
            uint hostSequence = board.Host.Send(message);
            board.RunUntil(300000);
            ReaderBench.Drain(board);

            ArrayList results = ReaderBench.Records(board, MessageType.ConfigurationResult);
            Assert.AreEqual(1, results.Count);
            ConfigurationResultRecord result = (ConfigurationResultRecord)results[0];
            Assert.AreEqual(hostSequence, result.HostSequence);
            Assert.IsFalse(result.Accepted);
            Assert.AreEqual("nfc_poll_ms=ok", (string)result.Entries[0]);
            Assert.AreEqual("pps_max=error: not one of 106 212 424 848", (string)result.Entries[1]);
            Assert.AreEqual("read_depth=ok", (string)result.Entries[2]);

            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            Assert.AreEqual("bad_config", ((ErrorRecord)errors[0]).Code);

            Assert.AreEqual(50, board.Reader.Configuration.NfcPollMilliseconds);
            EnumAssert.AreEqual(BitRate.Kbps848, board.Reader.Configuration.PpsMaximum);
            EnumAssert.AreEqual(ReadDepth.Select, board.Reader.Configuration.ReadDepth);
        }

        [TestMethod]
        public void ReadDepthSelectStopsBeforeProcessingOptions()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 200, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            ConfigurationMessage message = new ConfigurationMessage();
            message.Add("read_depth", "select");
            message.Add("pps_max", "106");
            board.Host.Send(message);
            board.RunUntil(1500000);
            ReaderBench.Drain(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            TransactionRecord record = (TransactionRecord)transactions[0];
            Assert.AreEqual("ok", record.Outcome);
            Assert.AreEqual("A000000333010101", ReaderBench.Hex(record.Aid));
            Assert.IsNull(record.PanMasked);
            Assert.IsFalse(record.HasBalance);

            // PPSE and SELECT AID only; the card stayed at 106 kbit/s.
            Assert.AreEqual(2 + 2, record.Timings.Count);
        }

        [TestMethod]
        public void StatusRequestIsAnsweredWithTheCurrentConfiguration()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(200));
            board.Start();
            ConfigurationMessage message = new ConfigurationMessage();
            message.Add("trace", "on");
            board.Host.Send(message);
            board.RunUntil(50000);
            board.Host.Send(new StatusRequestMessage());
            board.RunUntil(200000);
            ReaderBench.Drain(board);

            ArrayList statuses = ReaderBench.Records(board, MessageType.Status);
            Assert.AreEqual(2, statuses.Count);
            StatusRecord status = (StatusRecord)statuses[1];
            Assert.AreEqual("nfc_poll_ms=100 rfsim_poll_ms=100 pps_max=848 read_depth=full trace=on", status.ConfigurationSummary);
            Assert.AreEqual("ok", status.Mfrc522Health);
        }

        [TestMethod]
        public void PassThroughForwardsTheApduToTheCardInTheField()
        {
            Scenario scenario = ReaderBench.Scenario(3000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 100, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.RunUntil(1000000);
            PassThroughCommandMessage select = new PassThroughCommandMessage();
            select.Apdu = SampleCards.Hex(SampleCards.SelectPpse);
            uint first = board.Host.Send(select);
            board.RunUntil(1100000);
            PassThroughCommandMessage balance = new PassThroughCommandMessage();
            balance.Apdu = SampleCards.Hex("80CA9F7900");
            uint second = board.Host.Send(balance);
            board.RunUntil(1200000);
            ReaderBench.Drain(board);

            ArrayList responses = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(2, responses.Count);
            PassThroughResponseRecord ppse = (PassThroughResponseRecord)responses[0];
            PassThroughResponseRecord answer = (PassThroughResponseRecord)responses[1];
            Assert.AreEqual(first, ppse.HostSequence);
            Assert.AreEqual("ok", ppse.Outcome);
            EnumAssert.AreEqual(ReaderInterface.Nfc, ppse.Interface);
            Assert.AreEqual(0x90, (int)ppse.Response[ppse.ResponseLength - 2]);
            Assert.AreEqual(second, answer.HostSequence);
            Assert.AreEqual("ok", answer.Outcome);
            CollectionAssert.AreEqual(SampleCards.Hex("9F79060000000123459000"), answer.Response);

            // One transaction (the card was read when it arrived), none for the pass-through.
            Assert.AreEqual(1, ReaderBench.Records(board, MessageType.Transaction).Count);
        }

        [TestMethod]
        public void PassThroughWithoutDeviceAnswersNoDevice()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(300));
            board.Start();
            PassThroughCommandMessage select = new PassThroughCommandMessage();
            select.Apdu = SampleCards.Hex(SampleCards.SelectPpse);
            board.Host.Send(select);
            board.RunUntil(300000);
            ReaderBench.Drain(board);

            ArrayList responses = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(1, responses.Count);
            Assert.AreEqual("no_device", ((PassThroughResponseRecord)responses[0]).Outcome);
            Assert.IsNull(((PassThroughResponseRecord)responses[0]).Response);
        }

        [TestMethod]
        public void MissingMfrc522IsReportedAndTheRfSimStillWorks()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x04, true), 200, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario, 16, false, true);
            board.Run();
            ReaderBench.Drain(board);

            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            ErrorRecord error = (ErrorRecord)errors[0];
            Assert.AreEqual("chip_missing", error.Code);
            EnumAssert.AreEqual(ReaderInterface.Nfc, error.Interface);
            StatusRecord status = (StatusRecord)ReaderBench.Records(board, MessageType.Status)[0];
            Assert.AreEqual("missing", status.Mfrc522Health);
            Assert.AreEqual("ok", status.Nrf24Health);
            Assert.AreEqual(-1, status.Mfrc522Version);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            EnumAssert.AreEqual(ReaderInterface.RfSim, ((TransactionRecord)transactions[0]).Interface);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
        }

        [TestMethod]
        public void MissingNrf24IsReportedAndNfcStillWorks()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.VisaCard(), 200, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario, 16, true, false);
            board.Run();
            ReaderBench.Drain(board);

            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            Assert.AreEqual("chip_missing", ((ErrorRecord)errors[0]).Code);
            EnumAssert.AreEqual(ReaderInterface.RfSim, ((ErrorRecord)errors[0]).Interface);
            Assert.AreEqual("missing", ((StatusRecord)ReaderBench.Records(board, MessageType.Status)[0]).Nrf24Health);
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
        }

        [TestMethod]
        public void HostThatNeverAcknowledgesGetsResendsAndOneLostRecord()
        {
            // Six cards one after another with a four-record queue and no acknowledgements.
            Scenario scenario = ReaderBench.Scenario(6000);
            for (int index = 0; index < 6; index++)
            {
                ScenarioDevice card = SampleCards.VisaCard();
                card.Uid = new byte[] { 0x11, 0x22, 0x33, (byte)index };
                scenario.AddDevice(ReaderBench.At(card, 200 + index * 900, 700 + index * 900));
            }

            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario, 4, true, true);
            board.Host.Acknowledges = false;
            board.Run();

            // status + 6 transactions = 7 records in 4 slots: 3 dropped into one lost record.
            Assert.AreEqual(3u, board.Reader.Queue.TotalDropped);
            ArrayList lost = ReaderBench.Records(board, MessageType.Lost);
            Assert.AreEqual(1, lost.Count);
            LostRecord last = null;
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                if (board.Host.Records[index] is LostRecord)
                {
                    last = (LostRecord)board.Host.Records[index];
                }
            }

            Assert.AreEqual(3u, last.Count);
            Assert.AreEqual(0u, last.FirstSequence);

            // Resent: more frames arrived than distinct records.
            int distinct = ReaderBench.Records(board, MessageType.Transaction).Count + ReaderBench.Records(board, MessageType.Status).Count + lost.Count;
            Assert.IsTrue(board.Host.Records.Count > distinct);

            // Sequence numbers contiguous: 0..7 all used (status, 6 transactions, the lost record), none beyond.
            Hashtable numbers = new Hashtable();
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                numbers[((HostLinkMessage)board.Host.Records[index]).Sequence] = true;
            }

            Assert.AreEqual(8, numbers.Count);
            for (uint sequence = 0; sequence < 8; sequence++)
            {
                Assert.IsTrue(numbers.Contains(sequence));
            }

            Assert.AreEqual(6, board.Reader.TransactionCount);
        }

        [TestMethod]
        public void NoFullPanOnTheUartEvenWithTraceOn()
        {
            Scenario scenario = ReaderBench.Scenario(2500);
            scenario.AddDevice(ReaderBench.At(SampleCards.ApplePayVisa(), 100, 800));
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 1200, 2000));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            ConfigurationMessage message = new ConfigurationMessage();
            message.Add("trace", "on");
            board.Host.Send(message);
            board.RunUntil(2500000);
            ReaderBench.Drain(board);

            Assert.AreEqual(2, ReaderBench.Records(board, MessageType.Transaction).Count);
            Assert.IsTrue(ReaderBench.Records(board, MessageType.ApduTrace).Count >= 10);
            Assert.IsTrue(ReaderBench.Records(board, MessageType.FrameTrace).Count >= 2);
            byte[] uart = board.Uart.Transmitted();

            // The 5A values (BCD) and the PAN digits of track 2 of the virtual cards.
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Hex("6212345678901234")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Hex("4642352851503640")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Ascii("6212345678901234")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Ascii("4642352851503640")));
        }

        [TestMethod]
        public void Mfrc522ThatStopsAnsweringIsReinitialisedThenGivenUpAndRfSimKeepsWorking()
        {
            Scenario scenario = ReaderBench.Scenario(2500);
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x05, true), 1500, 2400));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.RunUntil(300000);

            // The MFRC522 falls off the bus: its IRQ never comes, every register reads FF.
            board.Nfc.Chip.MissingChipBusLevel = 0xFF;
            board.RunUntil(2500000);
            ReaderBench.Drain(board);
            ReaderBench.Dump(board);

            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            int chipErrors = 0;
            int failed = 0;
            for (int index = 0; index < errors.Count; index++)
            {
                ErrorRecord error = (ErrorRecord)errors[index];
                EnumAssert.AreEqual(ReaderInterface.Nfc, error.Interface);
                if (error.Code == "chip_error")
                {
                    chipErrors++;
                }
                else if (error.Code == "chip_failed")
                {
                    failed++;
                }
            }

            Assert.AreEqual(3, chipErrors);
            Assert.AreEqual(1, failed);
            EnumAssert.AreEqual(ChipHealth.Unresponsive, board.Reader.Nfc.Health);
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            EnumAssert.AreEqual(ReaderInterface.RfSim, ((TransactionRecord)transactions[0]).Interface);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
        }

        [TestMethod]
        public void Mfrc522ThatComesBackIsRecoveredAndReadsAgain()
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.VisaCard(), 800, 1400));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.RunUntil(300000);
            board.Nfc.Chip.MissingChipBusLevel = 0xFF;
            board.RunUntil(350000);
            board.Nfc.Chip.MissingChipBusLevel = -1;
            board.RunUntil(1500000);
            ReaderBench.Drain(board);
            ReaderBench.Dump(board);

            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(3, errors.Count);
            Assert.AreEqual("chip_error", ((ErrorRecord)errors[0]).Code);
            Assert.AreEqual("chip_error", ((ErrorRecord)errors[1]).Code);
            Assert.AreEqual("chip_recovered", ((ErrorRecord)errors[2]).Code);
            EnumAssert.AreEqual(ChipHealth.Ok, board.Reader.Nfc.Health);
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
        }

        [TestMethod]
        public void PassThroughReachesAnRfSimPeerWhenNoCardIsInTheField()
        {
            Scenario scenario = ReaderBench.Scenario(2000);
            scenario.AddDevice(ReaderBench.At(ReaderBench.RfSimPeer(0x06, true), 100, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Start();
            board.RunUntil(1000000);
            PassThroughCommandMessage select = new PassThroughCommandMessage();
            select.Apdu = SampleCards.Hex("00A4040008A00000033301010100");
            uint sequence = board.Host.Send(select);
            board.RunUntil(1300000);
            ReaderBench.Drain(board);

            ArrayList responses = ReaderBench.Records(board, MessageType.PassThroughResponse);
            Assert.AreEqual(1, responses.Count);
            PassThroughResponseRecord response = (PassThroughResponseRecord)responses[0];
            Assert.AreEqual(sequence, response.HostSequence);
            Assert.AreEqual("ok", response.Outcome);
            EnumAssert.AreEqual(ReaderInterface.RfSim, response.Interface);
            Assert.AreEqual(0x90, (int)response.Response[response.ResponseLength - 2]);
            Assert.AreEqual(0x00, (int)response.Response[response.ResponseLength - 1]);
        }
    }
}
