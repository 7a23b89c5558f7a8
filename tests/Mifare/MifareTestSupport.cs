using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;

namespace DualReader.Tests.Mifare
{
    /// <summary>A simulated board with one memory card in the field, the real MFRC522 driver and the MIFARE layer on it.</summary>
    public sealed class MifareBench
    {
        /// <summary>Builds the board (driver initialised, antenna on) with <paramref name="picc"/> added.</summary>
        public MifareBench(VirtualPicc picc)
        {
            Board = NfcTestSupport.StartedBoard();
            Picc = picc;
            Board.Field.Add(picc);
            Activation = new TypeAActivation(Board.Driver);
            Identity = new PiccIdentity();
            Classic = new MifareClassic(Board.Driver, Board.Driver, Board.Driver);
            Tag = new Type2Tag(Board.Driver, Board.Driver);
        }

        /// <summary>The board.</summary>
        public SimulatedNfcBoard Board { get; private set; }

        /// <summary>The card's 14443-3 side.</summary>
        public VirtualPicc Picc { get; private set; }

        /// <summary>The activation on the driver.</summary>
        public TypeAActivation Activation { get; private set; }

        /// <summary>The last activation's identity.</summary>
        public PiccIdentity Identity { get; private set; }

        /// <summary>MIFARE Classic commands on the driver.</summary>
        public MifareClassic Classic { get; private set; }

        /// <summary>Type 2 commands on the driver.</summary>
        public Type2Tag Tag { get; private set; }

        /// <summary>As the reader does between two reads: Crypto1 off, field off and on (the card powers up in IDLE),
        /// then <see cref="Activate"/>.</summary>
        public ActivationStatus Reactivate()
        {
            Board.Driver.StopCrypto1();
            Board.Driver.TurnAntennaOff();
            Board.Driver.TurnAntennaOn();
            return Activate();
        }

        /// <summary>WUPA, anticollision, SELECT; returns the status.</summary>
        public ActivationStatus Activate()
        {
            return Activation.Activate(true, Identity);
        }
    }

    /// <summary>Cards used by the MIFARE tests.</summary>
    public static class MifareCards
    {
        /// <summary>Key A of the test transit sector.</summary>
        public static readonly byte[] TransitKeyA = new byte[] { 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5 };

        /// <summary>Key B of the test transit sector.</summary>
        public static readonly byte[] TransitKeyB = new byte[] { 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5 };

        /// <summary>The factory key.</summary>
        public static readonly byte[] DefaultKey = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        /// <summary>A 1K (or 4K) card, UID 0A0B0C0D, on a PICC with the card's ATQA and SAK.</summary>
        public static VirtualPicc Classic(bool fourK, out VirtualMifareClassic card)
        {
            byte[] uid = new byte[] { 0x0A, 0x0B, 0x0C, 0x0D };
            card = new VirtualMifareClassic(uid, fourK);
            VirtualPicc picc = new VirtualPicc(uid, new byte[] { fourK ? (byte)0x02 : (byte)0x04, 0x00 }, fourK ? (byte)0x18 : (byte)0x08);
            picc.FrameProtocol = card;
            return picc;
        }

        /// <summary>A Type 2 tag of <paramref name="type"/>, UID 04A1B2C3D4E5F6.</summary>
        public static VirtualPicc Type2(CardFamily type, out VirtualType2Tag tag)
        {
            byte[] uid = new byte[] { 0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6 };
            tag = new VirtualType2Tag(type, uid);
            VirtualPicc picc = new VirtualPicc(uid, new byte[] { 0x44, 0x00 }, 0x00);
            picc.FrameProtocol = tag;
            return picc;
        }
    }
}
