package vietqr

import "fmt"

// CRC is the checksum of object 63: CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF,
// no reflection, no final XOR) over every character before it, "6304" included (EMVCo MPM,
// CRC object), as four upper-case hex digits.
func CRC(s string) string {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return fmt.Sprintf("%04X", crc)
}
