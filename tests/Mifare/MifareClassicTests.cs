using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>
    /// MIFARE Classic end to end: the real MFRC522 driver (MFAuthent, Transceive) against the chip model's Crypto1 unit
    /// and the virtual card (access conditions, value blocks), through firmware/Mifare.
    /// </summary>
    [TestClass]
    public class MifareClassicTests
    {
        private static MifareBench Started(bool fourK, out VirtualMifareClassic card)
        {
            MifareBench bench = new MifareBench(MifareCards.Classic(fourK, out card));
            card.SetKeys(2, MifareCards.TransitKeyA, MifareCards.TransitKeyB);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            return bench;
        }

        private static MifareResult Authenticate(MifareBench bench, MifareKeyType type, int block, byte[] key)
        {
            return bench.Classic.Authenticate(type, block, key, 0, bench.Identity.Uid, 0, bench.Identity.UidLength);
        }

        [TestMethod]
        public void AuthenticateWriteAndReadABlockEncryptedOnAir()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);
            long spiBefore = bench.Board.Ledger.SpiTransfers;
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            Assert.IsTrue(bench.Board.Ledger.SpiTransfers - spiBefore <= 9, "MFAuthent in at most 9 SPI calls");
            Assert.IsTrue(bench.Board.Chip.Crypto1On, "Status2Reg MFCrypto1On");
            Assert.IsTrue(card.Authenticated);
            Assert.AreEqual(1, bench.Board.Chip.Authentications);

            byte[] data = NfcTestSupport.Bytes("00112233445566778899AABBCCDDEEFF");
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.WriteBlock(9, data, 0));
            byte[] stored = new byte[16];
            card.ReadBlock(9, stored, 0);
            Assert.AreEqual("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff", NfcTestSupport.Hex(stored, 0, 16));

            bench.Board.Chip.RecordTrace = true;
            byte[] read = new byte[16];
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadBlock(9, read, 0));
            Assert.AreEqual(NfcTestSupport.Hex(data, 0, 16), NfcTestSupport.Hex(read, 0, 16));

            // On air the READ and its answer are ciphertext: neither the command nor the data shows in clear.
            AirTraceEntry command = (AirTraceEntry)bench.Board.Chip.Trace[0];
            AirTraceEntry answer = (AirTraceEntry)bench.Board.Chip.Trace[1];
            Assert.IsTrue(command.FromReader);
            Assert.AreEqual(32, command.BitCount);
            Assert.IsFalse(command.Bytes[0] == 0x30 && command.Bytes[1] == 0x09, "READ 09 is encrypted");
            Assert.AreEqual(144, answer.BitCount);
            Assert.DoesNotContains("00 11 22 33", answer.Text);

            // Other blocks of the sector; block 0 of sector 0 is out of this sector.
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadBlock(8, read, 0));
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.ReadBlock(0, read, 0));
            Assert.AreEqual(VirtualMifareClassic.NakInvalid, bench.Classic.LastNak);
            bench.Classic.StopCrypto1();
            Assert.IsFalse(bench.Board.Chip.Crypto1On);
        }

        [TestMethod]
        public void WrongKeyIsAnAuthenticationFailureAndTheCardWakesUpAgain()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);
            long before = bench.Board.Clock.Now;
            EnumAssert.AreEqual(MifareResult.AuthFailed, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.DefaultKey));
            Assert.IsFalse(bench.Board.Chip.Crypto1On);
            Assert.IsFalse(card.Authenticated);
            Assert.AreEqual(0, bench.Board.Chip.Authentications);

            // The card stays mute on a wrong key: only the chip's timer ends MFAuthent (10.3.1.9), bounded.
            long waited = bench.Board.Clock.Now - before;
            Assert.IsTrue(waited >= MifareClassic.FrameTimeoutMicroseconds && waited < 3 * MifareClassic.FrameTimeoutMicroseconds, "waited " + waited.ToString());

            // The card fell back to IDLE; after WUPA the right key works.
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyB, 8, MifareCards.TransitKeyB));
        }

        [TestMethod]
        public void ValueBlockIncrementDecrementRestoreTransfer()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.WriteValue(9, 1000, 9));

            int value;
            int address;
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.IncrementValue(9, 250));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.TransferBuffer(9));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadValue(9, out value, out address));
            Assert.AreEqual(1250, value);
            Assert.AreEqual(9, address);

            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.DecrementValue(9, 1300));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.TransferBuffer(9));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadValue(9, out value, out address));
            Assert.AreEqual(-50, value);

            // RESTORE + TRANSFER copies a value block (a backup).
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.RestoreValue(9));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.TransferBuffer(10));
            byte[] backup = new byte[16];
            card.ReadBlock(10, backup, 0);
            Assert.IsTrue(MifareValueBlock.TryDecode(backup, 0, out value, out address));
            Assert.AreEqual(-50, value);

            // Block 8 holds no value block: INCREMENT is refused, and the card leaves its authenticated state.
            EnumAssert.AreEqual(MifareResult.ValueBlockInvalid, bench.Classic.ReadValue(8, out value, out address));
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.IncrementValue(8, 1));
            Assert.IsFalse(card.Authenticated);
        }

        [TestMethod]
        public void AccessBitsThatDenyAWriteGiveANak()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);

            // Sector 2: data blocks 100 (read A|B, write key B only), trailer 011.
            card.SetAccessBytes(2, VirtualMifareClassic.AccessBytes(4, 4, 4, 3, 0x69), 0);
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            byte[] data = NfcTestSupport.Bytes("0102030405060708090A0B0C0D0E0F10");
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.WriteBlock(8, data, 0));
            Assert.AreEqual(VirtualMifareClassic.NakInvalid, bench.Classic.LastNak);
            byte[] stored = new byte[16];
            card.ReadBlock(8, stored, 0);
            Assert.AreEqual(0, (int)stored[0]);

            // Key B may write.
            bench.Classic.StopCrypto1();
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyB, 8, MifareCards.TransitKeyB));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.WriteBlock(8, data, 0));
            card.ReadBlock(8, stored, 0);
            Assert.AreEqual(1, (int)stored[0]);
        }

        [TestMethod]
        public void TrailerReadHidesKeyAAndBrokenAccessBitsBlockTheSector()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 11, MifareCards.TransitKeyA));
            byte[] trailer = new byte[16];
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadBlock(11, trailer, 0));

            // Transport configuration 001: key A never readable, access bits and key B readable with key A.
            Assert.AreEqual("00 00 00 00 00 00 ff 07 80 69 b0 b1 b2 b3 b4 b5", NfcTestSupport.Hex(trailer, 0, 16));

            // Access bytes whose inverted copies disagree: the sector refuses everything.
            card.SetAccessBytes(2, NfcTestSupport.Bytes("FF078169"), 0);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Reactivate());
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.ReadBlock(8, trailer, 0));
        }

        [TestMethod]
        public void NestedAuthenticationSwitchesSectorAndHaltEndsTheSession()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(false, out card);
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 4, MifareCards.DefaultKey));
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            Assert.AreEqual(2, card.Authentications);
            byte[] block = new byte[16];
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadBlock(10, block, 0));
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.ReadBlock(4, block, 0));

            // After the NAK the card is in IDLE and unencrypted: the chip's Crypto1 goes off before WUPA.
            bench.Classic.StopCrypto1();
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 8, MifareCards.TransitKeyA));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.Halt());
            EnumAssert.AreEqual(PiccState.Halt, bench.Picc.State);
            bench.Classic.StopCrypto1();
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
        }

        [TestMethod]
        public void FourKCardWithSixteenBlockSectors()
        {
            VirtualMifareClassic card;
            MifareBench bench = Started(true, out card);
            Assert.AreEqual(0x18, (int)bench.Identity.Sak);
            EnumAssert.AreEqual(CardFamily.MifareClassic4K, CardFamilyDetector.FromSelect(bench.Identity.Sak, bench.Identity.Atqa));

            // Sector 33: blocks 144..159, trailer 159; group 1 = blocks 5..9 of the sector: read A|B, write never (010).
            card.SetKeys(33, MifareCards.TransitKeyA, null);
            card.SetAccessBytes(33, VirtualMifareClassic.AccessBytes(0, 2, 0, 1, 0x00), 0);
            Assert.AreEqual(159, MifareClassicLayout.TrailerBlock(33));
            EnumAssert.AreEqual(MifareResult.Ok, Authenticate(bench, MifareKeyType.KeyA, 150, MifareCards.TransitKeyA));
            byte[] data = NfcTestSupport.Bytes("CAFEBABE000000000000000000000000");
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.WriteBlock(158, data, 0));
            byte[] read = new byte[16];
            EnumAssert.AreEqual(MifareResult.Ok, bench.Classic.ReadBlock(158, read, 0));
            Assert.AreEqual(0xCA, (int)read[0]);
            EnumAssert.AreEqual(MifareResult.Nak, bench.Classic.WriteBlock(150, data, 0));
        }
    }
}
