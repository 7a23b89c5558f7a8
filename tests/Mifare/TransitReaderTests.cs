using System;
using DualReader.Firmware;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>The transit balance read (firmware/Mifare/TransitReader.cs) on the model and on a fake chip.</summary>
    [TestClass]
    public class TransitReaderTests
    {
        private static MifareBench TransitCard(int balance, out VirtualMifareClassic card)
        {
            MifareBench bench = new MifareBench(MifareCards.Classic(false, out card));
            card.SetKeys(2, MifareCards.TransitKeyA, MifareCards.TransitKeyB);
            byte[] block = new byte[16];
            MifareValueBlock.Encode(balance, 9, block, 0);
            card.SetBlock(9, block, 0);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            return bench;
        }

        [TestMethod]
        public void BalanceIsReadFromTheValueBlock()
        {
            VirtualMifareClassic card;
            MifareBench bench = TransitCard(12345, out card);
            TransitReader reader = new TransitReader(bench.Classic, bench.Board.Driver);
            int balance;
            EnumAssert.AreEqual(ReadOutcome.Ok, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 1, out balance));
            Assert.AreEqual(12345, balance);
            Assert.IsFalse(bench.Board.Chip.Crypto1On, "Crypto1 is off after the read");
            Assert.AreEqual("ok", ReadOutcomeNames.Name(ReadOutcome.Ok));

            // Transport access bits leave key B readable in the trailer, so it cannot serve (MF1S50 8.7.2): refused.
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Reactivate());
            EnumAssert.AreEqual(ReadOutcome.CardRejected, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 1, out balance));
            Assert.AreEqual(0, balance);
        }

        [TestMethod]
        public void WrongKeyIsAuthFailedNotARemovedCard()
        {
            VirtualMifareClassic card;
            MifareBench bench = TransitCard(100, out card);
            TransitReader reader = new TransitReader(bench.Classic, bench.Board.Driver);
            int balance;
            EnumAssert.AreEqual(ReadOutcome.AuthFailed, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.DefaultKey, 0, 1, out balance));
            Assert.AreEqual("auth_failed", ReadOutcomeNames.Name(ReadOutcome.AuthFailed));
            Assert.AreEqual(0, balance);

            // The card left: the authentication fails and so does the wake-up probe.
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Reactivate());
            bench.Picc.LeaveMicroseconds = bench.Board.Clock.Now;
            EnumAssert.AreEqual(ReadOutcome.NoResponse, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 1, out balance));
        }

        [TestMethod]
        public void BrokenValueBlockAndDeniedReadAreTheirOwnOutcomes()
        {
            VirtualMifareClassic card;
            MifareBench bench = TransitCard(500, out card);
            byte[] block = new byte[16];
            MifareValueBlock.Encode(500, 9, block, 0);
            block[5] ^= 0x01;
            card.SetBlock(9, block, 0);
            TransitReader reader = new TransitReader(bench.Classic, bench.Board.Driver);
            int balance;
            EnumAssert.AreEqual(ReadOutcome.ValueBlockInvalid, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 1, out balance));
            Assert.AreEqual("value_block_invalid", ReadOutcomeNames.Name(ReadOutcome.ValueBlockInvalid));

            // Data blocks 011: read and write with key B only.
            card.SetAccessBytes(2, VirtualMifareClassic.AccessBytes(3, 3, 3, 3, 0x00), 0);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Reactivate());
            EnumAssert.AreEqual(ReadOutcome.CardRejected, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 1, out balance));
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Reactivate());
            EnumAssert.AreEqual(ReadOutcome.ValueBlockInvalid, reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 1, out balance));
        }

        [TestMethod]
        public void ArgumentsOutsideTheCardAreCallerBugs()
        {
            VirtualMifareClassic card;
            MifareBench bench = TransitCard(1, out card);
            TransitReader reader = new TransitReader(bench.Classic, bench.Board.Driver);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { int b; reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 3, out b); });
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { int b; reader.ReadBalance(bench.Identity, 40, MifareKeyType.KeyA, MifareCards.TransitKeyA, 0, 0, out b); });
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { int b; reader.ReadBalance(bench.Identity, 2, MifareKeyType.KeyA, MifareCards.TransitKeyA, 1, 0, out b); });
        }

        [TestMethod]
        public void FakeChipSeesTheLastFourUidBytesAndTheValueRead()
        {
            FakeMifareChip chip = new FakeMifareChip();
            MifareBlockSample.Encode(-20, chip.Answer);
            TransitReader reader = new TransitReader(new MifareClassic(chip, chip, chip), chip);
            PiccIdentity card = new PiccIdentity();
            byte[] uid = NfcTestSupport.Bytes("04112233445566");
            Array.Copy(uid, card.Uid, 7);
            card.UidLength = 7;
            int balance;
            EnumAssert.AreEqual(ReadOutcome.Ok, reader.ReadBalance(card, 5, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 2, out balance));
            Assert.AreEqual(-20, balance);
            Assert.AreEqual("33 44 55 66", NfcTestSupport.Hex(chip.AuthenticatedUid, 0, 4), "NXP AN10927: the last 4 UID bytes");
            Assert.AreEqual(22, chip.AuthenticatedBlock);
            Assert.AreEqual((int)MifareKeyType.KeyB, chip.AuthenticatedKeyType);
            Assert.AreEqual("30 16", NfcTestSupport.Hex(chip.LastFrame, 0, 2), "READ of block 22 = sector 5 block 2");
            Assert.AreEqual(1, chip.StopCount);

            // A mute card during authentication and during the probe.
            chip.AuthenticationResult = TransceiveResult.NoResponse;
            chip.ProbeAnswers = false;
            EnumAssert.AreEqual(ReadOutcome.NoResponse, reader.ReadBalance(card, 5, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 2, out balance));
            chip.ProbeAnswers = true;
            EnumAssert.AreEqual(ReadOutcome.AuthFailed, reader.ReadBalance(card, 5, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 2, out balance));
            chip.AuthenticationResult = TransceiveResult.ChipError;
            EnumAssert.AreEqual(ReadOutcome.ChipError, reader.ReadBalance(card, 5, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 2, out balance));

            // A READ answered by a 4-bit NAK arrives as a one-byte CRC error.
            chip.AuthenticationResult = TransceiveResult.Ok;
            chip.ReadResult = TransceiveResult.CrcError;
            EnumAssert.AreEqual(ReadOutcome.CardRejected, reader.ReadBalance(card, 5, MifareKeyType.KeyB, MifareCards.TransitKeyB, 0, 2, out balance));
        }
    }

    /// <summary>Writes a value block into an answer buffer.</summary>
    public static class MifareBlockSample
    {
        /// <summary>The value block of <paramref name="value"/>, address 0.</summary>
        public static void Encode(int value, byte[] target)
        {
            MifareValueBlock.Encode(value, 0, target, 0);
        }
    }

    /// <summary>A fake reader chip: scripted authentication and READ answers, records what it was asked.</summary>
    public sealed class FakeMifareChip : IFrameTransceiver, IBitFrameTransceiver, IMifareAuthenticator
    {
        /// <summary>What the next authentication returns.</summary>
        public TransceiveResult AuthenticationResult = TransceiveResult.Ok;

        /// <summary>What READ returns (Ok: <see cref="Answer"/>; CrcError: a one-byte NAK 4h).</summary>
        public TransceiveResult ReadResult = TransceiveResult.Ok;

        /// <summary>Whether WUPA is answered.</summary>
        public bool ProbeAnswers = true;

        /// <summary>The 16 bytes READ answers.</summary>
        public byte[] Answer = new byte[16];

        /// <summary>The 4 UID bytes of the last authentication.</summary>
        public byte[] AuthenticatedUid = new byte[4];

        /// <summary>The last frame sent with <see cref="Transceive"/>.</summary>
        public byte[] LastFrame = new byte[64];

        /// <summary>Block of the last authentication.</summary>
        public int AuthenticatedBlock;

        /// <summary>Key type of the last authentication.</summary>
        public int AuthenticatedKeyType;

        /// <summary>StopCrypto1 calls.</summary>
        public int StopCount;

        /// <inheritdoc />
        public int MaximumFrameLength
        {
            get { return 62; }
        }

        /// <inheritdoc />
        public TransceiveResult Authenticate(MifareKeyType keyType, byte block, byte[] key, int keyOffset, byte[] uid, int uidOffset, int timeoutMicroseconds)
        {
            Array.Copy(uid, uidOffset, AuthenticatedUid, 0, 4);
            AuthenticatedBlock = block;
            AuthenticatedKeyType = (int)keyType;
            return AuthenticationResult;
        }

        /// <inheritdoc />
        public void StopCrypto1()
        {
            StopCount++;
        }

        /// <inheritdoc />
        public TransceiveResult Transceive(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount)
        {
            Array.Copy(txBuffer, txOffset, LastFrame, 0, txCount);
            if (ReadResult == TransceiveResult.CrcError)
            {
                rxBuffer[rxOffset] = 0x04;
                receivedCount = 1;
                return TransceiveResult.CrcError;
            }

            Array.Copy(Answer, 0, rxBuffer, rxOffset, 16);
            receivedCount = 16;
            return ReadResult;
        }

        /// <inheritdoc />
        public bool SupportsBitRate(BitRate rate)
        {
            return rate == BitRate.Kbps106;
        }

        /// <inheritdoc />
        public void SetBitRates(BitRate pcdToPicc, BitRate piccToPcd)
        {
        }

        /// <inheritdoc />
        public TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex)
        {
            collisionBitIndex = -1;
            receivedBitCount = 0;
            if (txBitCount == 7 && txBuffer[txOffset] == TypeAActivation.WakeUpA && ProbeAnswers)
            {
                rxBuffer[rxOffset] = 0x04;
                rxBuffer[rxOffset + 1] = 0x00;
                receivedBitCount = 16;
                return TransceiveResult.Ok;
            }

            return TransceiveResult.NoResponse;
        }
    }
}
