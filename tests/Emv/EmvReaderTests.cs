using DualReader.Firmware;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Emv;
using DualReader.Firmware.IsoDep;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Emv
{
    [TestClass]
    public class EmvReaderTests
    {
        private sealed class CountingRandom : IRandomSource
        {
            public void NextBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = (byte)(0xA0 + i);
                }
            }
        }

        private static TransactionSummary Read(IsoDepBench bench, ReadDepth depth, out ReadOutcome outcome)
        {
            TransactionSummary summary = new TransactionSummary();
            summary.SetUid(bench.Device.Uid, 0, bench.Device.Uid.Length);
            long start = bench.Clock.Now;
            if (bench.Transport.Activate() != ActivationResult.Ok)
            {
                summary.Outcome = ReadOutcome.ActivationFailed;
                summary.Phase = ReadPhase.Activation;
                outcome = ReadOutcome.ActivationFailed;
                return summary;
            }

            byte[] ats = new byte[254];
            int atsLength = bench.Transport.AnswerToSelect.CopyTo(ats, 0);
            summary.SetAts(ats, 0, atsLength);
            summary.ActivationMicroseconds = bench.Clock.Now - start;
            EmvReader reader = new EmvReader(bench.Transport, new TerminalData(), new CountingRandom(), bench.Clock);
            reader.Depth = depth;
            outcome = reader.Read(summary);
            bench.Transport.Deselect();
            return summary;
        }

        private static TransactionSummary Read(ScenarioDevice device, out IsoDepBench bench)
        {
            bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.Ok, outcome, ReadOutcomeNames.Name(outcome) + " at phase " + ((int)summary.Phase).ToString() + "\n" + bench.Dump());
            return summary;
        }

        private static bool Sent(IsoDepBench bench, string prefix)
        {
            for (int i = 0; i < bench.Card.Commands.Count; i++)
            {
                if (SampleCards.Hex((byte[])bench.Card.Commands[i]).IndexOf(prefix) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AssertNoSecrets(TransactionSummary summary, string pan)
        {
            string text = summary.ToString();
            Assert.DoesNotContains(pan, text);
            if (summary.MaskedPan != null)
            {
                Assert.DoesNotContains(pan, summary.MaskedPan);
                Assert.AreEqual(pan.Length, summary.MaskedPan.Length);
            }
        }

        [TestMethod]
        public void ReadsAUnionPayCardChoosingTheApplicationByPriority()
        {
            IsoDepBench bench;
            TransactionSummary summary = Read(SampleCards.UnionPayDualApplication(), out bench);
            Assert.AreEqual(2, summary.CandidateCount);
            Assert.AreEqual("A000000333010101", summary.AidHex);
            Assert.AreEqual("PBOC DEBIT", summary.ApplicationLabel);
            Assert.AreEqual(1, summary.ApplicationPriority);
            Assert.AreEqual("621234******1234", summary.MaskedPan);
            Assert.AreEqual(12, summary.ExpiryMonth);
            Assert.AreEqual(25, summary.ExpiryYear);
            EnumAssert.AreEqual(CredentialKind.Card, summary.Credential);
            Assert.IsTrue(summary.HasBalance);
            Assert.AreEqual(12345L, summary.Balance);
            Assert.AreEqual(156, summary.CurrencyCode); // 9F51 in the SFI 2 record (PBOC electronic cash)
            Assert.IsTrue(summary.HasTransactionCounter);
            Assert.AreEqual(42, summary.TransactionCounter);
            Assert.IsTrue(summary.HasLastOnlineTransactionCounter);
            Assert.AreEqual(32, summary.LastOnlineTransactionCounter);
            Assert.AreEqual(3, summary.RecordsRead);
            Assert.AreEqual(StatusWord.Success, summary.ProcessingOptionsStatus.Value);
            Assert.AreEqual("5A3C9E21", summary.UidHex);
            Assert.AreEqual("067577810280", summary.AtsHex);
            Assert.IsTrue(bench.Transport.PpsUsed, "the card's TA(1) allows 848 kbit/s");
            Assert.IsFalse(Sent(bench, "80CA9F36"), "ATC came with the GPO answer");
            // GPO: 83 21 then TTQ 36004000, amount 0, other 0, country 0156, TVR 0, currency 0156, date 260101, type 00, UN A0A1A2A3.
            Assert.IsTrue(Sent(bench, "80A8000023" + "8321" + "36004000" + "000000000000" + "000000000000" + "0156" + "0000000000" + "0156" + "260101" + "00" + "A0A1A2A3" + "00"));
            Assert.IsTrue(summary.SelectPpseMicroseconds > 1500);
            Assert.IsTrue(summary.ProcessingOptionsMicroseconds > 60000);
            Assert.IsTrue(summary.TotalMicroseconds >= summary.SelectPpseMicroseconds + summary.SelectApplicationMicroseconds + summary.ProcessingOptionsMicroseconds + summary.ReadRecordsMicroseconds + summary.GetDataMicroseconds);
            AssertNoSecrets(summary, "6212345678901234");
            Assert.DoesNotContains("ZHANG", summary.ToString());
        }

        [TestMethod]
        public void FallsBackToTheNextApplicationWhenSelectIsRefused()
        {
            ScenarioDevice device = SampleCards.UnionPayDualApplication();
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00A4040008A000000333010101"), SampleCards.Hex("6A81"), 1000));
            IsoDepBench bench;
            TransactionSummary summary = Read(device, out bench);
            Assert.AreEqual("A000000333010102", summary.AidHex);
            Assert.AreEqual("PBOC CREDIT", summary.ApplicationLabel);
            Assert.AreEqual(StatusWord.Success, summary.SelectApplicationStatus.Value);
        }

        [TestMethod]
        [DataRow("9F42020978", 978)]
        [DataRow("9F420209789F51020156", 978)]
        [DataRow("9F51020156", -1)]
        [DataRow("9F4202A978", -1)]
        public void AVisaCardsCurrencyComesFrom9F42Only(string currencyObjects, int expected)
        {
            // EMV Book 3 annex A: 9F42 application currency code, n3. 9F51 is a currency only in PBOC applications
            // (other kernels use the tag for other things); a value that is not BCD is ignored.
            ScenarioDevice device = SampleCards.VisaCard();
            byte[] record = SampleCards.Record(SampleCards.Concat(SampleCards.Tlv(0x5F24, SampleCards.Hex("281130")), SampleCards.Hex(currencyObjects)));
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2011C00"), SampleCards.Concat(record, SampleCards.Hex("9000")), 500));
            IsoDepBench bench;
            TransactionSummary summary = Read(device, out bench);
            Assert.AreEqual(expected, summary.CurrencyCode);
            Assert.AreEqual(11, summary.ExpiryMonth);
        }

        [TestMethod]
        [DataRow("9F420209789F51020156", 156)]
        [DataRow("9F51020156", 156)]
        [DataRow("9F42020978", 978)]
        public void AUnionPayCardsElectronicCashCurrency9F51WinsOver9F42(string currencyObjects, int expected)
        {
            // PBOC 3.0 part 13: 9F51 is the currency of the electronic cash balance (9F79).
            ScenarioDevice device = SampleCards.UnionPayDualApplication();
            byte[] record = SampleCards.Record(SampleCards.Concat(SampleCards.Tlv(0x5A, SampleCards.Hex("6212345678901234")), SampleCards.Tlv(0x5F24, SampleCards.Hex("251231")), SampleCards.Hex(currencyObjects)));
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2011400"), SampleCards.Concat(record, SampleCards.Hex("9000")), 500));
            IsoDepBench bench;
            TransactionSummary summary = Read(device, out bench);
            Assert.AreEqual(expected, summary.CurrencyCode);
            Assert.AreEqual(12345L, summary.Balance);
        }

        [TestMethod]
        public void AReadEndsWithTimeLimitOnceItsTimeIsUp()
        {
            // Every APDU takes the card 3 s (behind S(WTX), inside the 5 s ISO-DEP exchange limit): PPSE ends at about
            // 3 s, SELECT 6 s, GPO 9 s, its one READ RECORD 12 s; the GET DATA after it is not sent (10 s budget).
            ScenarioDevice slow = SampleCards.VisaCard();
            for (int index = 0; index < slow.Apdus.Count; index++)
            {
                ApduRule rule = (ApduRule)slow.Apdus[index];
                slow.Apdus[index] = new ApduRule(rule.Match, rule.Response, 3000000);
            }

            IsoDepBench bench = new IsoDepBench(slow);
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            EmvReader reader = new EmvReader(bench.Transport, new TerminalData(), new CountingRandom(), bench.Clock);
            Assert.AreEqual(10000000L, reader.TransactionLimitMicroseconds);
            TransactionSummary summary = new TransactionSummary();
            long start = bench.Clock.Now;
            ReadOutcome outcome = reader.Read(summary);

            Assert.AreEqual("time_limit", ReadOutcomeNames.Name(outcome));
            EnumAssert.AreEqual(ReadPhase.GetData, summary.Phase, "stopped before GET DATA");
            Assert.AreEqual(4, bench.Card.Commands.Count, "PPSE, SELECT, GPO, one READ RECORD");
            long elapsed = bench.Clock.Now - start;
            // Past the budget by at most the exchange under way (bounded by the ISO-DEP exchange limit).
            Assert.IsTrue(elapsed >= reader.TransactionLimitMicroseconds && elapsed <= reader.TransactionLimitMicroseconds + bench.Transport.ExchangeLimitMicroseconds, "elapsed " + elapsed);

            // With a larger budget the same card reads to the end.
            bench = new IsoDepBench(slow);
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            reader = new EmvReader(bench.Transport, new TerminalData(), new CountingRandom(), bench.Clock);
            EmvReader limited = reader;
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => limited.TransactionLimitMicroseconds = 0);
            reader.TransactionLimitMicroseconds = long.MaxValue; // no overflow of the deadline: no limit at all
            Assert.AreEqual("ok", ReadOutcomeNames.Name(reader.Read(new TransactionSummary())));
        }

        [TestMethod]
        public void ReadsAVisaCard()
        {
            IsoDepBench bench;
            TransactionSummary summary = Read(SampleCards.VisaCard(), out bench);
            Assert.AreEqual("A0000000031010", summary.AidHex);
            Assert.AreEqual("VISA DEBIT", summary.ApplicationLabel);
            Assert.AreEqual("476173******0010", summary.MaskedPan);
            Assert.AreEqual(11, summary.ExpiryMonth);
            Assert.AreEqual(28, summary.ExpiryYear);
            Assert.AreEqual(0x113, summary.TransactionCounter);
            Assert.AreEqual(-1, summary.CurrencyCode, "no 9F51/9F42 in this card's records");
            Assert.IsFalse(summary.HasBalance);
            Assert.IsFalse(summary.BalanceStatus.IsPresent, "9F79 is only asked of UnionPay applications");
            Assert.IsFalse(summary.HasLastOnlineTransactionCounter);
            Assert.AreEqual(0x6A88, summary.LastOnlineTransactionCounterStatus.Value);
            Assert.IsFalse(bench.Transport.PpsUsed);
            AssertNoSecrets(summary, "4761739001010010");
            Assert.DoesNotContains("CARDHOLDER", summary.ToString());
        }

        [TestMethod]
        public void ReadsAMastercardWithoutPdolAndAFormat1Answer()
        {
            IsoDepBench bench;
            TransactionSummary summary = Read(SampleCards.Mastercard(), out bench);
            Assert.IsTrue(Sent(bench, "80A8000002830000"));
            Assert.AreEqual("A0000000041010", summary.AidHex);
            Assert.AreEqual("MASTERCARD", summary.ApplicationLabel);
            Assert.AreEqual("541333******0012", summary.MaskedPan);
            Assert.AreEqual(12, summary.ExpiryMonth);
            Assert.AreEqual(29, summary.ExpiryYear);
            Assert.AreEqual(7, summary.TransactionCounter);
            Assert.AreEqual(5, summary.LastOnlineTransactionCounter);
            Assert.AreEqual(3, summary.RecordsRead);
            AssertNoSecrets(summary, "5413330089010012");
        }

        [TestMethod]
        public void ReadsAnIphoneAsAToken()
        {
            IsoDepBench bench;
            TransactionSummary summary = Read(SampleCards.ApplePayVisa(), out bench);
            Assert.AreEqual("464235******3640", summary.MaskedPan);
            EnumAssert.AreEqual(CredentialKind.Token, summary.Credential);
            Assert.AreEqual(6, bench.Card.WaitExtensionsSent);
            Assert.AreEqual(64, bench.Card.FrameSizeForDevice);
            Assert.AreEqual(0x51, summary.TransactionCounter);
            Assert.IsTrue(summary.ProcessingOptionsMicroseconds >= 222000);
            AssertNoSecrets(summary, "4642352851503640");
        }

        [TestMethod]
        public void StopsAfterSelectWhenAsked()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.ApplePayVisa());
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Select, out outcome);
            EnumAssert.AreEqual(ReadOutcome.Ok, outcome);
            Assert.AreEqual("A0000000031010", summary.AidHex);
            Assert.IsNull(summary.MaskedPan);
            Assert.IsFalse(Sent(bench, "80A8"), "GPO would increment the ATC");
            Assert.AreEqual(2, bench.Card.Commands.Count);
        }

        [TestMethod]
        public void FollowsGetResponseAfter61XX()
        {
            ScenarioDevice device = SampleCards.VisaCard();
            byte[] fci = SampleCards.Fci(SampleCards.Hex("A0000000031010"), SampleCards.Tlv(0xA5, SampleCards.Concat(SampleCards.Tlv(0x50, SampleCards.Ascii("VISA DEBIT")), SampleCards.Tlv(0x9F38, SampleCards.Hex("9F66049F02069F37045F2A02")))));
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00A4040007A0000000031010"), new byte[] { 0x61, (byte)fci.Length }, 1000));
            device.Apdus.Insert(0, new ApduRule(SampleCards.Concat(SampleCards.Hex("00C00000"), new byte[] { (byte)fci.Length }), SampleCards.Concat(fci, SampleCards.Hex("9000")), 500));
            IsoDepBench bench;
            TransactionSummary summary = Read(device, out bench);
            Assert.AreEqual("VISA DEBIT", summary.ApplicationLabel);
            Assert.AreEqual("476173******0010", summary.MaskedPan);
        }

        [TestMethod]
        public void ResendsWithTheRightLeAfter6CXX()
        {
            ScenarioDevice device = SampleCards.VisaCard();
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2011C00"), SampleCards.Hex("6C2A"), 500));
            IsoDepBench bench;
            TransactionSummary summary = Read(device, out bench);
            Assert.IsTrue(Sent(bench, "00B2011C2A"));
            Assert.AreEqual(11, summary.ExpiryMonth);
            Assert.AreEqual(1, summary.RecordsRead);
        }

        [TestMethod]
        public void ReportsNoApplicationWithoutPpse()
        {
            ScenarioDevice device = SampleCards.NfcDevice("01020304", "0400", 0x20, SampleCards.PhoneAts);
            device.DefaultResponse = SampleCards.Hex("6A82");
            IsoDepBench bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.NoApplication, outcome);
            Assert.AreEqual(0x6A82, summary.SelectPpseStatus.Value);
            EnumAssert.AreEqual(ReadPhase.SelectPpse, summary.Phase);
        }

        [TestMethod]
        public void ReportsACardThatLeavesBetweenChainedBlocks()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.ApplePayVisa());
            bench.Card.VanishAfterChainedBlocks = 1;
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.NoResponse, outcome);
            EnumAssert.AreEqual(ReadPhase.SelectApplication, summary.Phase);
            Assert.IsNull(summary.MaskedPan);
        }

        [TestMethod]
        public void ReportsAResponseOverflowingTheBound()
        {
            ScenarioDevice device = SampleCards.VisaCard();
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2011C"), SampleCards.Concat(SampleCards.Record(SampleCards.Filler(1100, 9)), SampleCards.Hex("9000")), 500));
            IsoDepBench bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.ResponseTooLong, outcome);
            EnumAssert.AreEqual(ReadPhase.ReadRecords, summary.Phase);
        }

        [TestMethod]
        public void ReportsAHostileCardThatNeverStopsAskingForTime()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.VisaCard());
            bench.Card.NeverEndingWaitExtension = true;
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.WaitExtensionLimit, outcome);
            Assert.IsTrue(bench.Clock.Now < 15000000);
        }

        [TestMethod]
        public void ReportsAMalformedAtsAsActivationFailure()
        {
            ScenarioDevice device = SampleCards.VisaCard();
            device.Ats = SampleCards.Hex("0A7880");
            IsoDepBench bench = new IsoDepBench(device);
            EnumAssert.AreEqual(ActivationResult.MalformedAts, bench.Transport.Activate());
        }

        [TestMethod]
        public void MapsEveryExchangeResultToAnOutcome()
        {
            EnumAssert.AreEqual(ReadOutcome.NoResponse, EmvReader.FromExchangeResult(ExchangeResult.NoResponse));
            EnumAssert.AreEqual(ReadOutcome.WaitExtensionLimit, EmvReader.FromExchangeResult(ExchangeResult.WaitExtensionLimit));
            EnumAssert.AreEqual(ReadOutcome.ResponseTooLong, EmvReader.FromExchangeResult(ExchangeResult.ResponseTooLong));
            EnumAssert.AreEqual(ReadOutcome.DeviceLost, EmvReader.FromExchangeResult(ExchangeResult.DeviceLost));
            EnumAssert.AreEqual(ReadOutcome.ProtocolError, EmvReader.FromExchangeResult(ExchangeResult.ProtocolError));
        }

        [TestMethod]
        public void ReadsACardThatSplitsEveryLongAnswerWith61XX()
        {
            ScenarioDevice device = SampleCards.UnionPayDualApplication();
            T0StyleResponder responder = new T0StyleResponder(new ScenarioApduResponder(device));
            responder.MaximumDataLength = 32;
            IsoDepBench bench = new IsoDepBench(device, new VirtualIsoDepCard(device.Ats, responder));
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.Ok, outcome);
            Assert.AreEqual("621234******1234", summary.MaskedPan);
            Assert.AreEqual(12345L, summary.Balance);
            Assert.IsTrue(Sent(bench, "00C0000020"));
        }

        [TestMethod]
        public void ReadsACardThatWantsTheExactLe()
        {
            ScenarioDevice device = SampleCards.Mastercard();
            T0StyleResponder responder = new T0StyleResponder(new ScenarioApduResponder(device));
            responder.RequireExactLe = true;
            IsoDepBench bench = new IsoDepBench(device, new VirtualIsoDepCard(device.Ats, responder));
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.Ok, outcome);
            Assert.AreEqual("541333******0012", summary.MaskedPan);
            Assert.AreEqual(5, summary.LastOnlineTransactionCounter);
        }

        [TestMethod]
        public void RejectsAMalformedAfl()
        {
            ScenarioDevice device = SampleCards.Mastercard();
            // AFL entry with SFI 0 (EMV Book 3 10.2 allows 1..30).
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("80A80000"), SampleCards.Hex("8006198000010100" + "9000"), 1000));
            IsoDepBench bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.MalformedData, outcome);
            EnumAssert.AreEqual(ReadPhase.ReadRecords, summary.Phase);
        }

        [TestMethod]
        public void BoundsTheRecordsOfAHostileAfl()
        {
            ScenarioDevice device = SampleCards.Mastercard();
            // SFI 1, records 1..255: the reader stops at MaximumRecords.
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("80A80000"), SampleCards.Hex("80061980" + "0801FF00" + "9000"), 1000));
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00B2"), SampleCards.Hex("70065F2403291231" + "9000"), 500));
            IsoDepBench bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.Ok, outcome, ((int)summary.Phase).ToString() + " " + summary.RecordsRead.ToString() + "\n" + bench.Dump());
            Assert.AreEqual(32, summary.RecordsRead);
        }

        [TestMethod]
        public void RejectsAMalformedFci()
        {
            ScenarioDevice device = SampleCards.Mastercard();
            // The FCI claims 0x40 bytes but carries 4.
            device.Apdus.Insert(0, new ApduRule(SampleCards.Hex("00A4040007A0000000041010"), SampleCards.Hex("6F4084020102" + "9000"), 1000));
            IsoDepBench bench = new IsoDepBench(device);
            ReadOutcome outcome;
            TransactionSummary summary = Read(bench, ReadDepth.Full, out outcome);
            EnumAssert.AreEqual(ReadOutcome.MalformedData, outcome);
            EnumAssert.AreEqual(ReadPhase.SelectApplication, summary.Phase);
        }
    }
}
