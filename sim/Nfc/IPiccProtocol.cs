using DualReader.Firmware.Iso14443;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// The part of a virtual PICC above ISO/IEC 14443-3: ISO-DEP (RATS/ATS, PPS, blocks, DESELECT) and the
    /// application behind it. The 14443-3 layer (REQA/WUPA, anticollision, SELECT, HLTA) hands it every frame
    /// it receives in the ACTIVE state that is not a 14443-3 command, and every frame once RATS was answered.
    /// </summary>
    public interface IPiccProtocol
    {
        /// <summary>
        /// Handles one frame whose CRC_A was checked and removed by the 14443-3 layer and writes the answer
        /// (the 14443-3 layer appends CRC_A).
        /// </summary>
        /// <param name="processingMicroseconds">Time from the end of the received frame to the start of the
        /// answer beyond the minimum frame delay time.</param>
        /// <returns>Bytes written to <paramref name="response"/>; 0 when the PICC stays mute.</returns>
        int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds);

        /// <summary>True after S(DESELECT) was answered: the 14443-3 layer moves to HALT (ISO/IEC 14443-4, 8).</summary>
        bool Deselected { get; }

        /// <summary>Bit rate the PICC receives at (changed by PPS).</summary>
        BitRate PcdToPiccRate { get; }

        /// <summary>Bit rate the PICC sends at (changed by PPS).</summary>
        BitRate PiccToPcdRate { get; }

        /// <summary>Drops all ISO-DEP state (the PICC left the field or was halted).</summary>
        void Reset();
    }
}
